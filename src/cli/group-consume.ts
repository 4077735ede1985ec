// `edgelog consume --group`: the CLI as one member of a consumer group. Records are printed by
// the SDK consumer's eachMessage, so a record's offset is committed only after it was written
// out (at least once). Without `--follow` the member leaves once every partition reached the
// high watermark it had when the command started, reading the group's commits for partitions
// other members hold.
import { EdgelogClientError, type GroupOffset } from "../client/index.js";
import { sleep } from "../client/retry.js";
import type { CliContext } from "./command.js";
import type { ConsumeOptions } from "./consume.js";
import { formatRecord } from "./format.js";
import { readablePartition } from "./readable-partition.js";

/** How often a bounded consume checks whether the group has caught up. */
const CAUGHT_UP_CHECK_MS = 500;

/** How the CLI's group member names itself (Kafka's client.id), as `groups describe` shows. */
const CLIENT_ID = "edgelog-cli";

/** Thrown by the handler for a record it must not print: it stays uncommitted. */
class Unwanted extends Error {}

export async function consumeInGroup(
  context: CliContext,
  groupId: string,
  options: ConsumeOptions,
): Promise<void> {
  const { out } = context;
  const progress = await GroupProgress.start(context, groupId, options);
  let printed = 0;
  let stopping = false;
  const consumer = context.edgelog.consumer({
    groupId,
    clientId: CLIENT_ID,
    fromBeginning: options.fromBeginning,
    onError: (error, where) => {
      // Retriable failures are retried, and the SDK's log already said so (once per outage).
      if (error instanceof Unwanted || (error instanceof EdgelogClientError && error.retriable)) {
        return;
      }
      const at = where.partition === undefined ? "" : ` (partition ${where.partition})`;
      out.note(`${where.operation} failed${at}: ${errorText(error)}`);
    },
  });
  await consumer.subscribe({ topics: [options.topic] });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (stopping || !progress.wanted(partition, message.offset)) throw new Unwanted();
      await out.line(formatRecord(options.topic, partition, message, options.format));
      progress.reached(partition, message.offset + 1);
      if (++printed >= options.maxMessages) stopping = true;
    },
  });
  try {
    // Until Ctrl-C, a closed stdout, enough messages, or (without --follow) the end.
    while (!stopping && !context.signal.aborted && !out.isClosed && !progress.caughtUp()) {
      await sleep(CAUGHT_UP_CHECK_MS, context.signal);
      await progress.refresh().catch(() => undefined);
    }
  } finally {
    stopping = true;
    // Commits what was printed and leaves, so the group's other members take over at once.
    await consumer.disconnect();
  }
}

/**
 * How far each partition is known to be read, against the high watermarks at the start: a
 * bounded consume is done when every partition reached its own, whichever member read it.
 */
class GroupProgress {
  private readonly offsets = new Map<number, number>();

  private constructor(
    private readonly context: CliContext,
    private readonly groupId: string,
    private readonly topic: string,
    /** Partition → its high watermark when the command started; none with --follow. */
    private readonly ends: Map<number, number> | null,
  ) {}

  static async start(context: CliContext, groupId: string, options: ConsumeOptions) {
    if (options.follow) return new GroupProgress(context, groupId, options.topic, null);
    const described = await context.admin.describeTopic(options.topic);
    // Where a bounded consume ends needs every partition's high watermark.
    const partitions = described.partitions.map(readablePartition);
    const ends = new Map(partitions.map((p) => [p.partition, p.highWatermark]));
    const progress = new GroupProgress(context, groupId, options.topic, ends);
    // Where each partition resumes: its commit, else the reset policy's start.
    for (const p of partitions) {
      progress.reached(p.partition, options.fromBeginning ? p.logStartOffset : p.highWatermark);
    }
    const logStarts = new Map(partitions.map((p) => [p.partition, p.logStartOffset]));
    for (const o of await committedOffsets(context, groupId, options.topic)) {
      // A row whose partition could not be read has no log start of its own: the one just
      // described stands in (retention only moves it forward).
      const logStart = o.logStartOffset ?? logStarts.get(o.partition) ?? 0;
      progress.offsets.set(o.partition, Math.max(o.offset, logStart));
    }
    return progress;
  }

  /** Whether a record is to be printed: with --follow all are, else those below the end. */
  wanted(partition: number, offset: number): boolean {
    const end = this.ends?.get(partition);
    if (end === undefined || offset < end) return true;
    this.reached(partition, end);
    return false;
  }

  reached(partition: number, offset: number): void {
    this.offsets.set(partition, Math.max(this.offsets.get(partition) ?? 0, offset));
  }

  caughtUp(): boolean {
    if (this.ends === null) return false;
    return [...this.ends].every(([partition, end]) => (this.offsets.get(partition) ?? 0) >= end);
  }

  /** Partitions other members hold move by the group's commits. */
  async refresh(): Promise<void> {
    if (this.ends === null) return;
    for (const o of await committedOffsets(this.context, this.groupId, this.topic)) {
      this.reached(o.partition, o.offset);
    }
  }
}

/** The group's committed offsets in the topic; none yet for a group that never committed. */
async function committedOffsets(
  context: CliContext,
  groupId: string,
  topic: string,
): Promise<Array<GroupOffset & { offset: number }>> {
  try {
    const offsets = await context.admin.groupOffsets(groupId);
    // Partitions the group has not committed in are listed too, with a null offset.
    return offsets.filter(
      (o): o is GroupOffset & { offset: number } => o.topic === topic && o.offset !== null,
    );
  } catch (err) {
    if (err instanceof EdgelogClientError && err.code === "GROUP_NOT_FOUND") return [];
    throw err;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
