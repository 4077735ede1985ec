// Where the consumer's failures go: to `onError` when the application gave one, else to the
// consumer's log; and the names its operations carry in log lines and failure streaks.
import type { ClientLog } from "./client-log.js";
import type { ConsumerErrorContext, ConsumerOptions } from "./consumer-types.js";
import type { LogExtra } from "./logger.js";
import type { RetryWatch } from "./retry.js";

export class ConsumerReports {
  constructor(
    readonly log: ClientLog,
    private readonly options: Pick<ConsumerOptions, "groupId" | "onError">,
  ) {}

  /** "fetch orders/0", "heartbeat in group billing", …: one name per partition or group call. */
  operation(context: ConsumerErrorContext): string {
    const { topic, partition } = context;
    const group = this.options.groupId;
    switch (context.operation) {
      case "fetch":
        return `fetch ${topic}/${partition}`;
      case "handler":
        return `handler on ${topic}/${partition}`;
      case "commit":
        return `commit to group ${group}`;
      case "heartbeat":
        return `heartbeat in group ${group}`;
      case "join":
        return `join group ${group}`;
      case "leave":
        return `leave group ${group}`;
      case "callback":
        return `rebalance callback in group ${group}`;
    }
  }

  /** The retries of `context`'s operation, told to the log. */
  watch(context: ConsumerErrorContext): RetryWatch {
    return { log: this.log, operation: this.operation(context), fields: this.fields(context) };
  }

  /**
   * An error that stopped progress (retries ran out, a non-retriable answer, a lost membership, a
   * handler or callback that threw): `onError` hears it; without one, the log does.
   */
  report(error: unknown, context: ConsumerErrorContext): void {
    if (this.options.onError !== undefined) this.options.onError(error, context);
    else this.log.failed(this.operation(context), error, this.fields(context));
  }

  /** `context`'s operation went through again: a failure streak it had ends. */
  recovered(context: ConsumerErrorContext): void {
    this.log.succeeded(this.operation(context), this.fields(context));
  }

  /** A log line's fields: the group and where (its `operation` is the name above). */
  private fields({ operation: _, ...where }: ConsumerErrorContext): LogExtra {
    return { groupId: this.options.groupId, ...where };
  }
}
