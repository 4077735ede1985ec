// How long a push subscription waits before the next attempt at a failed batch: exponential
// from backoffMs, capped at backoffMsMax, with jitter so many failing partitions do not retry in
// step. Each wait is at least half its nominal value (design/delivery.md).

/** The wait after the `attempts`-th failed attempt (1: after the first). `random` in [0, 1). */
export function backoffMs(
  attempts: number,
  config: { backoffMs: number; backoffMsMax: number },
  random: number,
): number {
  // 2^50 ms outlasts any cap: the exponent stops there so the product stays exact.
  const exponent = Math.min(Math.max(attempts - 1, 0), 50);
  const nominal = Math.min(config.backoffMs * 2 ** exponent, config.backoffMsMax);
  return Math.ceil(nominal / 2 + (nominal / 2) * random);
}
