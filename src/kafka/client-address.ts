// The Kafka client's address as the gateway forwards it to edgelog: Kafka's DescribeGroups shows
// each member's host as the broker saw its connection, and behind the gateway edgelog would
// otherwise see only the gateway. Sent as X-Forwarded-For, as any proxy does; the classic group
// routes take it as the member's host (src/protocol/client-host.ts, relayedClientHostOf).

export const FORWARDED_FOR_HEADER = "x-forwarded-for";

/** A socket's remote address for X-Forwarded-For, or null when the socket has none (closed). */
export function forwardedAddressOf(remoteAddress: string | undefined): string | null {
  if (remoteAddress === undefined || remoteAddress === "") return null;
  // A dual-stack listener sees IPv4 clients as IPv4-mapped IPv6: name them as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  return mapped?.[1] ?? remoteAddress;
}
