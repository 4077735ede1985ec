// A partition replica's injected-fault row (test and demo fault injection): it survives a
// restart, so a replica set down stays down. Every SQL string touching it lives here.
import type { Sql } from "./sql.js";

export interface FaultState {
  down: boolean;
  delayMs: number;
}

export class FaultStore {
  constructor(private readonly sql: Sql) {}

  load(): FaultState {
    const row = this.sql
      .exec<{ down: number; delay_ms: number }>("SELECT down, delay_ms FROM faults WHERE id = 1")
      .toArray()[0];
    return { down: row?.down === 1, delayMs: row?.delay_ms ?? 0 };
  }

  save(faults: FaultState): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO faults (id, down, delay_ms) VALUES (1, ?, ?)",
      faults.down ? 1 : 0,
      faults.delayMs,
    );
  }

  /** The topic is gone: a restarted replica comes back without injected faults. */
  clear(): void {
    this.sql.exec("DELETE FROM faults");
  }
}
