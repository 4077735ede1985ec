// The workerd side of the push receiver (test/receiver/push-receiver.ts): its URL, provided by
// vitest's global setup, and its control calls.
import { inject } from "vitest";
import type { ReceivedDelivery, ReceiverScript } from "../receiver/receiver-types.js";
import { eventually } from "../support/eventually.js";

export type { ReceivedDelivery };

export class PushReceiver {
  readonly url: string;
  private readonly control: string;

  constructor(id: string) {
    const base = inject("pushReceiverUrl");
    this.url = `${base}/r/${id}`;
    this.control = `${base}/control/${id}`;
  }

  async script(script: ReceiverScript): Promise<void> {
    const answer = await fetch(this.control, { method: "PUT", body: JSON.stringify(script) });
    await answer.arrayBuffer();
  }

  async deliveries(): Promise<ReceivedDelivery[]> {
    const answer = await fetch(this.control);
    return ((await answer.json()) as { deliveries: ReceivedDelivery[] }).deliveries;
  }

  /** Waits until `check` holds of the deliveries so far. */
  until(what: string, check: (deliveries: ReceivedDelivery[]) => boolean, timeoutMs = 15_000) {
    return eventually(
      what,
      async () => {
        const deliveries = await this.deliveries();
        return check(deliveries) ? deliveries : undefined;
      },
      timeoutMs,
    );
  }
}
