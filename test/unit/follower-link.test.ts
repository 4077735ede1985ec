// The leader's view of one follower: what it was told, the restart-copy of a compacted log
// (started once, dropped when stalled, begun again when compaction rewrote batches under it).
import { describe, expect, it } from "vitest";
import { RowFormat } from "../../src/log/batch-row.js";
import { FollowerLink } from "../../src/replication/follower-link.js";
import { compactRow } from "../support/stored-rows.js";

describe("follower link", () => {
  it("restarts a follower behind the compaction target once, until it accepts the copy", () => {
    const link = new FollowerLink(2, 5, 0);
    expect(link.needsRestart(4, 0, 1)).toBe(false);
    expect(link.needsRestart(10, 3, 1)).toBe(true);
    expect(link.copy).toEqual({ endOffset: 10, started: false, progressAt: 1, rewrites: 3 });
    expect(link.needsRestart(12, 4, 2)).toBe(true);
    expect(link.copy?.rewrites).toBe(4);
    if (link.copy !== null) link.copy.started = true;
    expect(link.needsRestart(12, 4, 3)).toBe(false);
  });

  it("knows what the follower was told, and ends a copy once it accepted all of it", () => {
    const link = new FollowerLink(2, 0, 0);
    const compaction = { endOffset: 10, time: 5 };
    expect(link.lacks(0, 0, compaction)).toBe(true);
    expect(link.needsRestart(10, 1, 0)).toBe(true);
    const request = { ...requestAt(10), compaction };
    link.logEndOffset = 4;
    link.accepted(request, 1, 7);
    expect(link.lacks(10, 0, compaction)).toBe(false);
    expect(link.copy).toMatchObject({ started: true, progressAt: 7 });
    expect(link.copying(8, 100)).toBe(true);
    expect(link.copying(200, 100)).toBe(false);
    expect(link.copy).toBe(null);
  });

  it("restarts a copy that batches rewritten since it began made of two states", () => {
    const link = new FollowerLink(2, 0, 0);
    link.needsRestart(10, 1, 0);
    link.logEndOffset = 10;
    link.accepted({ ...requestAt(10), compaction: { endOffset: 10, time: 5 } }, 2, 1);
    expect(link.copy?.started).toBe(false);
    expect(link.needsRestart(10, 2, 2)).toBe(true);
  });

  it("pauses until woken", async () => {
    const link = new FollowerLink(2, null, 0);
    const paused = link.pause(10_000);
    link.wake?.();
    await paused;
    expect(link.wake).toBe(null);
  });

  it("sends compact rows only to a follower that said it stores them", () => {
    const link = new FollowerLink(1, 0, 0);
    const rows = [compactRow([{ value: 1 }], 0)];
    const formats = () => link.rowsFor(rows).map((row) => row.format);
    expect(formats()).toEqual([RowFormat.FRAMED]);
    const answer = { ok: true as const, accepted: true, logEndOffset: 0, lastEpoch: 0 };
    link.answered({ ...answer, compactRows: true });
    expect(link.rowsFor(rows)).toBe(rows);
    link.answered(answer); // a replica of an earlier release after a rollback
    expect(formats()).toEqual([RowFormat.FRAMED]);
  });
});

function requestAt(highWatermark: number) {
  return {
    topicId: "t-1",
    leader: 1,
    leaderEpoch: 1,
    logStartOffset: 0,
    compaction: { endOffset: 0, time: 0 },
    baseOffset: 0,
    prevEpoch: -1,
    rows: [],
    highWatermark,
  };
}
