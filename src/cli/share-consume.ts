// `edgelog share-groups consume`: the CLI as one more consumer of a share group. Each record is
// printed by the SDK share consumer's eachMessage and accepted (or rejected, --reject) only
// after it was written out. Without --follow it stops once the group has nothing available.
import { sleep } from "../client/retry.js";
import type { CliContext } from "./command.js";
import { formatRecord, type RecordFormat } from "./format.js";

/** How often a bounded consume checks whether anything is left to lease. */
const DRAINED_CHECK_MS = 500;

export interface ShareConsumeOptions {
  follow: boolean;
  reject: boolean;
  maxMessages: number;
  format: RecordFormat;
}

export async function consumeShared(
  context: CliContext,
  group: string,
  options: ShareConsumeOptions,
): Promise<void> {
  if (options.maxMessages === 0) return;
  const { out } = context;
  let printed = 0;
  let stopping = false;
  const consumer = context.edgelog.shareConsumer({ group, waitMs: 1_000 });
  await consumer.run({
    eachMessage: async ({ message, release, reject }) => {
      // Past --max-messages, or stopping: handed back at once for another consumer.
      if (stopping || out.isClosed) return release();
      await out.line(formatRecord(message.topic, message.partition, message, options.format));
      if (options.reject) await reject();
      if (++printed >= options.maxMessages) {
        // Leases no more (the rest of this batch goes back at once), so released records are
        // not leased again and again until their delivery count runs out.
        stopping = true;
        void consumer.disconnect();
      }
    },
  });
  try {
    while (!stopping && !context.signal.aborted && !out.isClosed) {
      await sleep(DRAINED_CHECK_MS, context.signal);
      if (options.follow) continue;
      const view = await context.admin.describeShareGroup(group).catch(() => null);
      if (view?.partitions.every((p) => p.available === 0 && p.leased === 0)) stopping = true;
    }
  } finally {
    stopping = true;
    await consumer.disconnect();
  }
}
