// Drives a query's processors from a request (creation, describe, pull): each catches up and
// arms its append watches (src/sql/processor-runner.ts); stages run in order, so a table's
// aggregating stage sees what its re-keying stage just wrote. Appends wake them otherwise.
import { unwrap } from "../protocol/errors.js";
import type { QueryRecord } from "../sql/query-registry.js";
import type { Cluster } from "./cluster.js";

export async function runQuery(cluster: Cluster, query: QueryRecord): Promise<void> {
  for (const stage of query.stages) {
    await Promise.all(stage.map(async (name) => unwrap(await cluster.processor(name).run())));
  }
}
