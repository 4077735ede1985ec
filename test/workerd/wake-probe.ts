// A Durable Object that only records the wakes it receives: the watcher in the append-watch
// tests (bound as WAKE_PROBES, kind "probe", in the workerd test projects only).
import { DurableObject } from "cloudflare:workers";
import type { AppendWatcherRpc } from "../../src/replication/append-watcher-rpc.js";

export interface ProbeWake {
  topic: string;
  partition: number;
}

export class WakeProbe extends DurableObject implements AppendWatcherRpc {
  private readonly received: ProbeWake[] = [];

  async wake(topic: string, partition: number): Promise<void> {
    this.received.push({ topic, partition });
  }

  async wakes(): Promise<ProbeWake[]> {
    return [...this.received];
  }
}
