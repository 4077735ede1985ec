// A group's lag in seconds for GET /v1/groups/:g (design/observability.md): the age of the
// record at the offset the group resumes from, asked of the partition's leader, for the rows
// that lag; 0 for the rows that do not, null where the leader could not be asked.
import { fanOut } from "../catalog/fan-out.js";
import { CATALOG_FANOUT_MAX } from "../protocol/limits.js";
import type { DescribedGroupOffset, GroupOffset } from "../protocol/types.js";
import type { Cluster } from "./cluster.js";
import { callForRead } from "./leader.js";
import type { MetadataCache } from "./metadata-cache.js";

export function withLagSeconds(
  cluster: Cluster,
  cache: MetadataCache,
  rows: GroupOffset[],
  now: number,
): Promise<DescribedGroupOffset[]> {
  return fanOut(rows, CATALOG_FANOUT_MAX, async (row) => {
    if (row.error !== undefined) return { ...row, lagSeconds: null };
    if (row.lag === 0) return { ...row, lagSeconds: 0 };
    const from = Math.max(row.offset ?? row.logStartOffset, row.logStartOffset);
    try {
      const { timestamp } = await callForRead(
        cluster,
        cache,
        row.topic,
        row.partition,
        "leader",
        (ref) => ref.replica.recordTime(ref.topic.topicId, from),
      );
      return { ...row, lagSeconds: timestamp === null ? 0 : Math.max(0, now - timestamp) / 1000 };
    } catch {
      // The leader went away since the row was read: as for the row's bounds, unknown.
      return { ...row, lagSeconds: null };
    }
  });
}
