// What the push receiver (push-receiver.ts) is told and what it records, shared with the tests.

/** One scripted answer: a status, or no answer at all (the sender times out). */
export type ScriptedAnswer = { status: number } | { hang: true };

export interface ReceiverScript {
  secret?: string;
  /** Answers for the next deliveries, in turn; then 200. */
  answers?: ScriptedAnswer[];
  /** Partitions whose every delivery is answered this status. */
  failPartitions?: Record<string, number>;
}

export interface ReceivedDelivery {
  deliveryId: string | null;
  /** null: no signature header. */
  signatureValid: boolean | null;
  contentType: string | null;
  partition: number;
  offsets: number[];
  body: unknown;
  answered: number | "none";
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The push receiver's base URL (global-setup.ts). */
    pushReceiverUrl: string;
  }
}
