// Helpers of the stream SQL protocol suites: query routes, seeded input topics, reading back.

import { expect } from "vitest";
import type { RecordView } from "../../src/sql/evaluator.js";
import type { Json } from "../../src/sql/plan.js";
import { type Api, type FetchedRecord, uniqueTopic } from "./api.js";
import { randomBeacons } from "./sql-reference.js";

export interface Created {
  id: string;
  name: string;
  kind: string;
  outputTopic: string;
  state: string;
}

export interface Described {
  id: string;
  sql: string;
  state: string;
  lastError?: string;
  partitions: {
    partition: number;
    offset: number;
    lagRecords: number;
    recordsIn: number;
    recordsOut: number;
    lateRecordsDropped: number;
    errors: number;
    recordsSkipped: number;
  }[];
}

export function sqlApi(api: Api) {
  const createQuery = (sql: string) => api.request<Created>("POST", "/v1/queries", { sql });
  const describeQuery = (id: string) => api.request<Described>("GET", `/v1/queries/${id}`);
  const pull = (sql: string) =>
    api.request<{ columns: string[]; rows: Json[][] }>("POST", "/v1/query", { sql });

  /** Seeded beacons produced to a new topic; answers the records as stored, per partition. */
  async function seededTopic(seed: number, count: number, partitions: number) {
    const topic = uniqueTopic("beacons");
    await api.createTopic(topic, { partitions });
    const records = randomBeacons(seed, count).map((r) => ({
      key: r.key,
      value: r.value,
      timestamp: r.timestamp,
    }));
    for (let i = 0; i < records.length; i += 100) {
      const answer = await api.produce(topic, records.slice(i, i + 100));
      expect(answer.status).toBe(200);
    }
    return topic;
  }

  async function partitionRecords(topic: string, partitions: number): Promise<FetchedRecord[][]> {
    return Promise.all(Array.from({ length: partitions }, (_, p) => api.fetchAll(topic, p)));
  }

  const view = (record: FetchedRecord, partition: number): RecordView => ({
    key: record.key ?? null,
    timestamp: record.timestamp,
    partition,
    offset: record.offset,
    value: (record.value ?? null) as Json,
    headers: record.headers,
  });

  return { createQuery, describeQuery, pull, seededTopic, partitionRecords, view };
}
