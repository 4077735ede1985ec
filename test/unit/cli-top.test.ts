// `edgelog top`'s arithmetic and table (cli/top-rates.ts), and the LAG-SEC cell of
// `groups describe`: pure pieces, no server.
import { describe, expect, it } from "vitest";
import { lagSecondsText } from "../../src/cli/groups.js";
import { minutesSince, ratesBetween, topText, totalsSince } from "../../src/cli/top-rates.js";

const M0 = 1_700_000_040_000; // a minute's start

const minute = (at: number, recordsIn: number, recordsOut = 0) => ({
  minute: at,
  recordsIn,
  bytesIn: recordsIn * 10,
  recordsOut,
  bytesOut: recordsOut * 10,
});

describe("edgelog top", () => {
  it("asks for enough minutes to reach back to where the view started", () => {
    expect(minutesSince(M0, M0)).toBe(1);
    expect(minutesSince(M0, M0 + 59_999)).toBe(1);
    expect(minutesSince(M0, M0 + 60_000)).toBe(2);
  });

  it("adds up the minutes since the view started, across a minute boundary", () => {
    const minutes = [minute(M0 - 60_000, 100), minute(M0, 3, 1), minute(M0 + 60_000, 4, 2)];
    expect(totalsSince("t", 2, minutes, M0)).toEqual({
      topic: "t",
      partitions: 2,
      recordsIn: 7,
      bytesIn: 70,
      recordsOut: 3,
      bytesOut: 30,
    });
  });

  it("gives rates per second between snapshots, none on the first or for a new topic", () => {
    const first = [totalsSince("a", 1, [minute(M0, 10, 4)], M0)];
    expect(ratesBetween(null, first, 0)[0]?.recordsInPerSec).toBeNull();
    const next = [
      totalsSince("a", 1, [minute(M0, 30, 8)], M0),
      totalsSince("b", 3, [minute(M0, 5)], M0),
    ];
    expect(ratesBetween(first, next, 2_000)).toEqual([
      {
        topic: "a",
        partitions: 1,
        recordsInPerSec: 10,
        recordsOutPerSec: 2,
        bytesInPerSec: 100,
        bytesOutPerSec: 20,
      },
      {
        topic: "b",
        partitions: 3,
        recordsInPerSec: null,
        recordsOutPerSec: null,
        bytesInPerSec: null,
        bytesOutPerSec: null,
      },
    ]);
  });

  it("draws a table: one decimal under 100, whole numbers above, - where unknown", () => {
    const text = topText([
      {
        topic: "orders",
        partitions: 3,
        recordsInPerSec: 2.345,
        recordsOutPerSec: 0,
        bytesInPerSec: 1234.5,
        bytesOutPerSec: null,
      },
    ]);
    expect(text.split("\n").map((line) => line.split(/\s+/))).toEqual([
      ["TOPIC", "PARTITIONS", "IN/S", "OUT/S", "IN-BYTES/S", "OUT-BYTES/S"],
      ["orders", "3", "2.3", "0", "1235", "-"],
    ]);
  });
});

describe("groups describe LAG-SEC", () => {
  it("shows seconds to one decimal, whole ones from 100 s, - when unknown", () => {
    expect([0, 1.26, 99.94, 100.4, 3600.6, null].map(lagSecondsText)).toEqual([
      0,
      1.3,
      99.9,
      100,
      3601,
      null,
    ]);
  });
});
