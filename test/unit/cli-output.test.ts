// The CLI's stdout writer waits for a full pipe to drain, and leaves no listener behind per
// wait: a long consume into a slow pipe must not pile them up (Node warns past ten).
import { describe, expect, it } from "vitest";
import { Output, type Writable } from "../../src/cli/output.js";

/** A pipe that is always full: every write asks to wait for "drain". */
class FullPipe implements Writable {
  readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  written = "";

  write(chunk: string): boolean {
    this.written += chunk;
    queueMicrotask(() => this.emit("drain"));
    return false;
  }

  once(event: string, listener: (...args: unknown[]) => void): unknown {
    const wrapped = (...args: unknown[]) => {
      this.off(event, wrapped);
      listener(...args);
    };
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(wrapped);
    (wrapped as { original?: unknown }).original = listener;
    return this;
  }

  off(event: string, listener: (...args: unknown[]) => void): unknown {
    for (const registered of this.listeners.get(event) ?? []) {
      if (registered === listener || (registered as { original?: unknown }).original === listener) {
        this.listeners.get(event)?.delete(registered);
      }
    }
    return this;
  }

  count(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private emit(event: string): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener();
  }
}

describe("CLI output", () => {
  it("waits for each drain and keeps no drain or close listener afterwards", async () => {
    const stdout = new FullPipe();
    const out = new Output(stdout, new FullPipe(), () => undefined);
    for (let i = 0; i < 100; i++) await out.line(`record ${i}`);
    expect(stdout.written.split("\n")).toHaveLength(101);
    expect(stdout.count("drain")).toBe(0);
    expect(stdout.count("close")).toBe(0);
  });
});
