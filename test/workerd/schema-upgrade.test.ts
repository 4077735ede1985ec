// A partition stored by an earlier edgelog (schema migrations 1-3) upgrades in place: its batches
// gain their offset ranges, its leader epochs move to their own table, nothing is lost.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PartitionLog } from "../../src/log/partition-log.js";
import { PARTITION_MIGRATIONS } from "../../src/log/partition-schema.js";
import { migrate } from "../../src/log/sql.js";
import { uniqueTopic } from "../support/api.js";
import { replicaObject } from "../support/maintenance.js";

describe("partition schema upgrade", () => {
  it("keeps every batch, offset and epoch of a log written before retention existed", async () => {
    const topic = uniqueTopic();
    await runInDurableObject(replicaObject(topic, 0, 0), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      // Start from scratch on the schema of three migrations, as an older release left it.
      // Every table a later migration creates goes too, so the upgrade below runs them all.
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((row) => row.name)
        .filter((name) => name !== "_migrations" && !name.startsWith("_cf_"));
      for (const table of tables) sql.exec(`DROP TABLE IF EXISTS ${table}`);
      sql.exec("DELETE FROM _migrations");
      migrate(sql, transaction, PARTITION_MIGRATIONS.slice(0, 3));
      sql.exec(
        `INSERT INTO partition_meta (id, topic_id, topic, partition, replica, config,
           log_start_offset, leader_epoch, leader, replicas, isr, high_watermark)
         VALUES (1, 'tid', ?, 0, 0, ?, 0, 2, 0, '[0]', '[0]', 5)`,
        topic,
        JSON.stringify({ replicationFactor: 1, minInsyncReplicas: 1, replicaLagMs: 10_000 }),
      );
      const insert = (base: number, count: number, epoch: number) => {
        const records = Array.from(
          { length: count },
          (_, i) => `{"offset":${base + i},"timestamp":1,"key":null,"value":${i},"headers":{}}`,
        );
        const index = new Uint32Array(2 * count);
        let chars = 0;
        records.forEach((text, i) => {
          chars += text.length + (i > 0 ? 1 : 0);
          index[2 * i] = chars;
          index[2 * i + 1] = (i > 0 ? (index[2 * i - 1] as number) : 0) + text.length;
        });
        sql.exec(
          `INSERT INTO batches (base_offset, record_count, max_timestamp, byte_size,
             leader_epoch, payload, record_index) VALUES (?, ?, 1, ?, ?, ?, ?)`,
          base,
          count,
          index[2 * count - 1] as number,
          epoch,
          records.join(","),
          index.buffer,
        );
      };
      insert(0, 2, 0);
      insert(2, 2, 1);
      insert(4, 1, 2);

      const log = new PartitionLog(sql, transaction);
      expect(log.logEndOffset).toBe(5);
      expect(log.lastEpoch()).toBe(2);
      expect(log.epochBefore(3)).toBe(1);
      expect(log.endOffsetForEpoch(0)).toBe(2);
      expect(log.storage()).toMatchObject({ batches: 3, records: 5 });
      const read = log.read({
        topicId: "tid",
        offset: 1,
        maxRecords: 10,
        maxBytes: 1_000_000,
        waitMs: 0,
      });
      expect(
        read.ok && JSON.parse(`[${read.records}]`).map((r: { offset: number }) => r.offset),
      ).toEqual([1, 2, 3, 4]);
    });
  });
});
