// A partition stored by an earlier edgelog upgrades in place. From schema migrations 1-3: its
// batches gain their offset ranges, its leader epochs move to their own table, nothing is lost.
// From 1-4: its framed rows read as before next to the compact rows written after the upgrade,
// and framed rows from a leader of the earlier release are stored as such.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BatchRow } from "../../src/log/batch-row.js";
import { PartitionLog } from "../../src/log/partition-log.js";
import { PARTITION_MIGRATIONS } from "../../src/log/partition-schema.js";
import { migrate } from "../../src/log/sql.js";
import { uniqueTopic } from "../support/api.js";
import { replicaObject } from "../support/maintenance.js";
import { encodedBatchOf, framedRow } from "../support/stored-rows.js";

/** Drops every table the migrations made, so a test can start from an older schema. */
function startOver(sql: SqlStorage): void {
  const tables = sql
    .exec<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name != '_migrations'
         AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
    )
    .toArray();
  for (const { name } of tables) sql.exec(`DROP TABLE "${name}"`);
  sql.exec("DELETE FROM _migrations");
}

type Served = { offset: number; timestamp: number; key: string | null; value: unknown };

describe("partition schema upgrade", () => {
  it("keeps every batch, offset and epoch of a log written before retention existed", async () => {
    const topic = uniqueTopic();
    await runInDurableObject(replicaObject(topic, 0, 0), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      // Start from scratch on the schema of three migrations, as an older release left it.
      startOver(sql);
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

  it("reads framed rows written before compact rows next to compact ones, in one log", async () => {
    const topic = uniqueTopic();
    await runInDurableObject(replicaObject(topic, 0, 0), (_instance, state) => {
      const sql = state.storage.sql;
      const transaction = <T>(fn: () => T): T => state.storage.transactionSync(fn);
      startOver(sql);
      migrate(sql, transaction, PARTITION_MIGRATIONS.slice(0, 4));
      sql.exec(
        `INSERT INTO partition_meta (id, topic_id, topic, partition, replica, config,
           log_start_offset, leader_epoch, leader, replicas, isr, high_watermark)
         VALUES (1, 'tid', ?, 0, 0, ?, 0, 0, 0, '[0]', '[0]', 3)`,
        topic,
        JSON.stringify({ replicationFactor: 1, minInsyncReplicas: 1, replicaLagMs: 10_000 }),
      );
      sql.exec("INSERT INTO leader_epochs (epoch, start_offset) VALUES (0, 0)");
      // As the release before compact rows stored them: served texts, with the timestamps given.
      const old = framedRow(
        [
          { value: "a", timestamp: 5 },
          { key: "k", value: { é: 1 }, headers: { h: "v" } },
          { value: 3 },
        ],
        0,
        7,
      );
      sql.exec(
        `INSERT INTO batches (base_offset, end_offset, record_count, max_timestamp, byte_size,
           leader_epoch, payload, record_index) VALUES (0, 3, 3, ?, ?, 0, ?, ?)`,
        old.maxTimestamp,
        old.byteSize,
        old.payload,
        old.recordIndex.buffer,
      );

      const log = new PartitionLog(sql, transaction);
      const appended = log.appendLocal(encodedBatchOf([{ value: "d" }, { key: "k", value: 5 }]));
      expect(appended.baseOffset).toBe(3);
      const formats = sql.exec<{ format: number }>(
        "SELECT format FROM batches ORDER BY base_offset",
      );
      expect(formats.toArray().map((row) => row.format)).toEqual([0, 1]);
      const readFrom = (offset: number) => {
        const read = log.read({ topicId: "tid", offset, maxRecords: 10, maxBytes: 1e6, waitMs: 0 });
        return read.ok ? (JSON.parse(`[${read.records}]`) as Served[]) : [];
      };
      const all = readFrom(0);
      expect(all.map((r) => [r.offset, r.key, r.value])).toEqual([
        [0, null, "a"],
        [1, "k", { é: 1 }],
        [2, null, 3],
        [3, null, "d"],
        [4, "k", 5],
      ]);
      expect(all.map((r) => r.timestamp).slice(0, 3)).toEqual([5, 7, 7]);
      expect(all[3]?.timestamp).toBe(appended.appendTime);
      expect(readFrom(1).map((r) => r.offset)).toEqual([1, 2, 3, 4]);
      expect(log.storage().bytes).toBe(
        new TextEncoder().encode(all.map((r) => JSON.stringify(r)).join("")).length,
      );
      expect(log.offsets("tid", 6)).toMatchObject({ offset: 1 });
      expect(log.offsets("tid", appended.appendTime)).toMatchObject({ offset: 3 });
      // Truncation cuts either kind of row where it straddles.
      log.truncateTo(4);
      expect(readFrom(0).map((r) => r.offset)).toEqual([0, 1, 2, 3]);
      log.truncateTo(1);
      expect(readFrom(0)).toEqual(all.slice(0, 1));
      // A leader of the release before sends its framed rows without a format.
      const { format: _, timestamps: __, ...fromOldLeader } = framedRow([{ value: "e" }], 1, 9);
      log.appendRows([fromOldLeader as BatchRow]);
      log.followHighWatermark(2);
      expect(readFrom(0).map((r) => [r.offset, r.value, r.timestamp])).toEqual([
        [0, "a", 5],
        [1, "e", 9],
      ]);
    });
  });
});
