// `edgelog consume --group`: the CLI as one member of a consumer group. Records are printed by
// the SDK consumer's eachMessage, so a record's offset is committed only after it was written
// out (at least once). Without `--follow` the member leaves once every partition reached the
// high watermark it had when the command started, reading the group's commits for partitions
// other members hold.
import { EdgelogClientError, type GroupOffset } from "../client/index.js";
import type { CliContext } from "./command.js";
import type { ConsumeOptions } from "./consume.js";
import { formatRecord } from "./format.js";

/** How often a bounded consume checks whether the group has caught up. */
const CAUGHT_UP_CHECK_MS = 500;

/** Thrown by the handler for a record it must not print: it stays uncommitted. */
class Unwanted extends Error {}

export async function consumeInGroup(
  context: CliContext,
  groupId: string,
  options: ConsumeOptions,
): Promise<void> {
  const { admin, out } = context;
  const described = await admin.describeTopic(options.topic);
  const ends = new Map(described.partitions.map((p) => [p.partition, p.highWatermark]));
  // How far each partition is known to be read: its resume point, then the records printed.
  const reached = new Map<number, number>();
  const noteReached = (partition: number, offset: number) =>
    reached.set(partition, Math.max(reached.get(partition) ?? 0, offset));
  for (const p of described.partitions) {
    noteReached(p.partition, options.fromBeginning ? p.logStartOffset : p.highWatermark);
  }
  for (const o of await committedOffsets(context, groupId, options.topic)) {
    reached.set(o.partition, Math.max(o.offset, o.logStartOffset));
  }
  const caughtUp = () =>
    [...ends].every(([partition, end]) => (reached.get(partition) ?? 0) >= end);

  let printed = 0;
  let stopping = false;
  const stop = new Promise<void>((resolve) => {
    const check = () => {
      if (stopping || context.signal.aborted || out.isClosed) return resolve();
      if (!options.follow && caughtUp()) return resolve();
      setTimeout(() => void refresh().then(check, check), CAUGHT_UP_CHECK_MS);
    };
    // Partitions other members hold move by the group's commits.
    const refresh = async () => {
      if (options.follow) return;
      for (const o of await committedOffsets(context, groupId, options.topic)) {
        noteReached(o.partition, o.offset);
      }
    };
    context.signal.addEventListener("abort", () => resolve(), { once: true });
    check();
  });

  const consumer = context.edgelog.consumer({
    groupId,
    fromBeginning: options.fromBeginning,
    onError: (error, where) => {
      if (error instanceof Unwanted) return;
      const at = where.partition === undefined ? "" : ` (partition ${where.partition})`;
      out.note(`${where.operation} failed${at}: ${errorText(error)}`);
    },
  });
  await consumer.subscribe({ topics: [options.topic] });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const end = ends.get(partition) ?? 0;
      if (stopping || (!options.follow && message.offset >= end)) {
        if (!options.follow) noteReached(partition, end);
        throw new Unwanted();
      }
      await out.line(formatRecord(options.topic, partition, message, options.format));
      noteReached(partition, message.offset + 1);
      if (++printed >= options.maxMessages) stopping = true;
    },
  });
  try {
    await stop;
  } finally {
    stopping = true;
    // Commits what was printed and leaves, so the group's other members take over at once.
    await consumer.disconnect();
  }
}

/** The group's committed offsets in the topic; none yet for a group that never committed. */
async function committedOffsets(
  context: CliContext,
  groupId: string,
  topic: string,
): Promise<GroupOffset[]> {
  try {
    return (await context.admin.groupOffsets(groupId)).filter((o) => o.topic === topic);
  } catch (err) {
    if (err instanceof EdgelogClientError && err.code === "GROUP_NOT_FOUND") return [];
    throw err;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
