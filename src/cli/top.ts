// `edgelog top`: live records and bytes per second in and out of every topic, redrawn until
// Ctrl-C (as `groups describe --watch`), from the topics' per-minute activity counts.
import { type Command, UsageError } from "./command.js";
import {
  minuteOf,
  minutesSince,
  ratesBetween,
  TOP_WINDOW_MINUTES_MAX,
  type TopicTotals,
  topText,
  totalsSince,
} from "./top-rates.js";
import {
  WATCH_INTERVAL_SEC_DEFAULT,
  WATCH_INTERVAL_SEC_MAX,
  WATCH_INTERVAL_SEC_MIN,
  watch,
  watchInterval,
} from "./watch.js";

export const topCommand: Command = {
  summary: "live records/s and bytes/s in and out per topic, refreshing",
  usage: `edgelog top [--interval SECONDS] [--json]

Every --interval seconds (default ${WATCH_INTERVAL_SEC_DEFAULT}, ${WATCH_INTERVAL_SEC_MIN} to ${WATCH_INTERVAL_SEC_MAX}) until Ctrl-C: each topic's partitions and
the records and bytes per second appended (IN) and served to fetches and tails (OUT) since the
previous refresh (- on the first). In place on a terminal; into a pipe or file each snapshot
after a blank line; --json prints one JSON line a snapshot.`,
  options: { interval: { type: "string" } },

  async run(context, args, values) {
    if (args.length > 0) throw new UsageError(`top takes no arguments, got ${args[0]}`);
    const everySec = watchInterval(values);
    let since = minuteOf(Date.now());
    let previous: { totals: TopicTotals[]; at: number } | null = null;
    await watch(context, everySec, async () => {
      const now = Date.now();
      if (minutesSince(since, now) > TOP_WINDOW_MINUTES_MAX) {
        since = minuteOf(now);
        previous = null;
      }
      const minutes = minutesSince(since, now);
      const topics = await context.admin.listTopics();
      const totals = await Promise.all(
        topics.map(async (t) => {
          const activity = await context.admin.topicActivity(t.name, minutes);
          return totalsSince(t.name, t.partitions, activity, since);
        }),
      );
      const rates = ratesBetween(previous?.totals ?? null, totals, now - (previous?.at ?? now));
      previous = { totals, at: now };
      return { json: { timestamp: now, topics: rates }, text: topText(rates) };
    });
  },
};
