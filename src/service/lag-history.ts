// A group's lag over time (GET /v1/groups/:g/lag-history): the coordinator's samples of the
// last `minutes` minutes, of one topic or of all.

import type { LagSample } from "../metrics/lag-store.js";
import { unwrap } from "../protocol/errors.js";
import type { Cluster } from "./cluster.js";

export async function lagHistory(
  cluster: Cluster,
  groupId: string,
  topic: string | null,
  minutes: number,
  now: number,
): Promise<{ samples: LagSample[] }> {
  const since = now - minutes * 60_000;
  const { samples } = unwrap(await cluster.group(groupId).lagHistory(groupId, since, topic));
  return { samples };
}
