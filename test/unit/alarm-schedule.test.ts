// The one alarm: set only when work is due sooner than it already fires (each set is a storage
// write), set anew on a new config, and after an append asked only what an append can change.
import { describe, expect, it } from "vitest";
import { AlarmSchedule, type DueTimes } from "../../src/replication/alarm-schedule.js";

/** Due times as a topic's maintenance would answer them, fixed for each case. */
function dueTimes(times: Partial<{ due: number | null; pass: number | null; over: boolean }>) {
  const due: DueTimes = {
    wanted: () => true,
    overBytes: () => times.over ?? false,
    dueAt: () => times.due ?? null,
    compactionDueAt: () => times.pass ?? null,
  };
  return due;
}

function schedule(times: Parameters<typeof dueTimes>[0]) {
  const set: number[] = [];
  const alarm = new AlarmSchedule(dueTimes(times), (at) => set.push(at));
  return { alarm, set };
}

describe("alarm schedule", () => {
  it("sets the alarm only when asked for an earlier time", () => {
    const { alarm, set } = schedule({});
    alarm.request(500);
    alarm.request(700);
    alarm.request(null);
    alarm.request(300);
    expect(set).toEqual([500, 300]);
    alarm.fired();
    alarm.request(900);
    expect(set).toEqual([500, 300, 900]);
  });

  it("sets the alarm anew for a new config, even later than before", () => {
    const { alarm, set } = schedule({ due: 2_000 });
    alarm.request(1_000);
    alarm.replan(0);
    expect(alarm.nextAt).toBe(2_000);
    alarm.requestNextDue(0);
    expect(set).toEqual([1_000, 2_000]);
  });

  it("runs at once after an append that put the log over its bytes", () => {
    const { alarm, set } = schedule({ over: true, due: 5_000 });
    alarm.afterAppend(100);
    expect(set).toEqual([100]);
  });

  it("after an append, asks for everything due when no alarm is set, else for a pass", () => {
    const { alarm, set } = schedule({ due: 5_000, pass: 3_000 });
    alarm.afterAppend(100);
    expect(set).toEqual([5_000]);
    alarm.afterAppend(100);
    alarm.afterCommit(100);
    expect(set).toEqual([5_000, 3_000]);
  });

  it("leaves a topic without retention or compaction alone", () => {
    const set: number[] = [];
    const due = { ...dueTimes({ over: true }), wanted: () => false };
    new AlarmSchedule(due, (at) => set.push(at)).afterAppend(100);
    expect(set).toEqual([]);
  });
});
