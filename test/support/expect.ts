// Assertions shared by the protocol suite.
import { expect } from "vitest";
import type { Answer, Api, ErrorBody, FetchedRecord } from "./api.js";

/** The answer is the DESIGN.md error `code` with `status`, in the standard error shape. */
export function expectError(answer: Answer<unknown>, status: number, code: string): ErrorBody {
  const body = answer.body as ErrorBody;
  expect({ status: answer.status, code: body?.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  expect(typeof body.error.retriable).toBe("boolean");
  return body;
}

export interface LogSnapshot {
  highWatermark: number;
  records: FetchedRecord[];
}

/** Everything a partition holds, to compare before and after a rejected request. */
export async function snapshot(api: Api, topic: string, partitions = 1): Promise<LogSnapshot[]> {
  const result: LogSnapshot[] = [];
  for (let p = 0; p < partitions; p++) {
    const offsets = await api.offsets(topic, p);
    result.push({
      highWatermark: offsets.body.highWatermark,
      records: await api.fetchAll(topic, p),
    });
  }
  return result;
}
