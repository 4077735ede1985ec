// An idempotent producer's window on one partition: the next sequence is appended, a retry of
// one of the newest batches is a duplicate, an older epoch is fenced, a gap is out of order.
import { describe, expect, it } from "vitest";
import type { StoredProducerBatch } from "../../src/log/batch-row.js";
import { checkSequence } from "../../src/log/idempotence.js";
import { admissionOf } from "../../src/log/producer-state.js";

function stored(epoch: number, sequence: number, baseOffset: number): StoredProducerBatch {
  return { id: "p", epoch, sequence, baseOffset, recordCount: 2 };
}

const admit = (newest: StoredProducerBatch[], epoch: number, sequence: number) => {
  const producer = { id: "p", epoch, sequence };
  return admissionOf(checkSequence(newest, producer), producer);
};

describe("producer state", () => {
  // Newest first: sequences 2, 1, 0 of epoch 3.
  const newest = [stored(3, 2, 40), stored(3, 1, 20), stored(3, 0, 0)];

  it("appends a producer's first batch, or a new epoch's, only at sequence 0", () => {
    expect(admit([], 0, 0)).toEqual({ kind: "append" });
    expect(admit(newest, 4, 0)).toEqual({ kind: "append" });
    expect(admit(newest, 4, 1)).toMatchObject({
      ok: false,
      error: { code: "OUT_OF_ORDER_SEQUENCE", details: { expectedSequence: 0 } },
    });
  });

  it("appends the next sequence and answers a retry of a kept batch with its offsets", () => {
    expect(admit(newest, 3, 3)).toEqual({ kind: "append" });
    expect(admit(newest, 3, 1)).toEqual({ kind: "duplicate", batch: stored(3, 1, 20) });
  });

  it("refuses a gap, and fences an older epoch", () => {
    expect(admit(newest, 3, 5)).toMatchObject({
      error: { code: "OUT_OF_ORDER_SEQUENCE", details: { expectedSequence: 3 } },
    });
    expect(admit(newest, 2, 3)).toMatchObject({
      error: { code: "PRODUCER_FENCED", details: { epoch: 3 } },
    });
  });
});
