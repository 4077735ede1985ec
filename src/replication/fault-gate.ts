// Injected faults (POST …/faults, DESIGN.md): a replica set "down" fails every call as an
// unreachable object would, and a delay slows every call. Every call but setFault passes here.
import type { FaultState, FaultStore } from "../log/fault-store.js";
import type { FaultInput } from "../log/partition-rpc.js";
import { type Failure, fail } from "../protocol/errors.js";
import { FAULT_DELAY_MS_MAX } from "../protocol/limits.js";

/** A down replica answers like an unreachable object, before doing anything: safe to retry. */
export function downFailure(): Failure {
  const failure = fail("UNAVAILABLE", "replica is down (injected fault)");
  failure.retrySafe = true;
  return failure;
}

/** The faults after applying `fault` to `current`, or why it is refused. */
export function faultsAfter(current: FaultState, fault: FaultInput): FaultState | Failure {
  const next = { ...current };
  if (fault.delayMs !== undefined) {
    const delayMs = fault.delayMs;
    if (!Number.isSafeInteger(delayMs) || delayMs < 0 || delayMs > FAULT_DELAY_MS_MAX) {
      return fail("INVALID_REQUEST", `delayMs must be an integer from 0 to ${FAULT_DELAY_MS_MAX}`);
    }
    next.delayMs = delayMs;
  }
  if (fault.down !== undefined) next.down = fault.down;
  return next;
}

export class FaultGate {
  private state: FaultState;

  constructor(private readonly store: FaultStore) {
    this.state = store.load();
  }

  get down(): boolean {
    return this.state.down;
  }

  get delayMs(): number {
    return this.state.delayMs;
  }

  /** Waits out the injected delay; a Failure when the replica is down. */
  async enter(): Promise<Failure | null> {
    if (this.state.delayMs > 0) await sleep(this.state.delayMs);
    return this.state.down ? downFailure() : null;
  }

  /** Applies and stores `fault`; a Failure (and no change) when it is invalid. */
  set(fault: FaultInput): Failure | null {
    const next = faultsAfter(this.state, fault);
    if ("ok" in next) return next;
    this.state = next;
    this.store.save(next);
    return null;
  }

  /** Forgets the stored faults (the topic is gone); this instance keeps its own until restart. */
  clearStored(): void {
    this.store.clear();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
