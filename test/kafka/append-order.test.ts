// A connection's appends to one partition go one after another, in the order they entered
// (src/kafka/append-order.ts); another partition's do not wait for them.
import { describe, expect, it } from "vitest";
import { AppendOrder } from "../../src/kafka/append-order.js";

describe("AppendOrder", () => {
  it("lets each append to a partition go only after the one before it finished", async () => {
    const order = new AppendOrder();
    const started: string[] = [];
    const first = order.enter("t", 0);
    const second = order.enter("t", 0);
    const other = order.enter("t", 1);
    void second.ready.then(() => started.push("second"));
    await Promise.all([first.ready, other.ready]);
    // The first append and another partition's go at once; the second waits for the first.
    expect(started).toEqual([]);
    first.done();
    await second.ready;
    expect(started).toEqual(["second"]);
    second.done();
    other.done();
    // Once all finished, a new append goes at once.
    await order.enter("t", 0).ready;
  });
});
