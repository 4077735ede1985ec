// Which committed offsets belong to a topic as it exists now. A topic deleted and created again
// under the same name is a new incarnation (a new topic id): the old one's offsets are not its
// offsets (Kafka deletes a topic's offsets with the topic), or a group would skip its records.

/** What a stored offset says about the incarnation it was committed in. */
export interface OffsetOrigin {
  /** Null for offsets stored before incarnations were recorded. */
  topicId: string | null;
  committedAt: number;
}

/** The topic as the catalog has it now: its id and when this incarnation was created. */
export interface TopicIncarnation {
  topicId: string;
  createdAt: number;
}

/**
 * True when the offset was committed in `topic`'s current incarnation (null: no such topic). An
 * offset stored before incarnations were recorded belongs to the incarnation that existed when
 * it was committed: the current one unless that was created after the commit.
 */
export function isCurrentIncarnation(
  offset: OffsetOrigin,
  topic: TopicIncarnation | null,
): boolean {
  if (topic === null) return false;
  if (offset.topicId !== null) return offset.topicId === topic.topicId;
  return offset.committedAt >= topic.createdAt;
}
