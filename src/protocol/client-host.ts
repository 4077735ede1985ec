// Where a caller connects from, as the gateway learns it: Cloudflare's CF-Connecting-IP (which
// wrangler dev sets too), else the first X-Forwarded-For entry of a proxy in front. Only text
// shaped like an IP address counts; anything else is as good as no header.
import { HOST_CHARS_MAX } from "./limits.js";

export const CONNECTING_IP_HEADER = "CF-Connecting-IP";
export const FORWARDED_FOR_HEADER = "X-Forwarded-For";

/** The caller's address from the request's headers, or null when none is known. */
export function clientHostOf(header: (name: string) => string | null | undefined): string | null {
  const connecting = header(CONNECTING_IP_HEADER)?.trim();
  if (connecting !== undefined && connecting !== "") return ipOrNull(connecting);
  const forwarded = header(FORWARDED_FOR_HEADER)?.split(",")[0]?.trim();
  return forwarded === undefined ? null : ipOrNull(forwarded);
}

/**
 * A classic member's address: the first X-Forwarded-For entry before CF-Connecting-IP. The
 * classic routes' caller is a Kafka gateway relaying a Kafka client: it names the client's
 * address there (src/kafka/client-address.ts), while CF-Connecting-IP, which Cloudflare sets,
 * is the gateway's own. Any caller may send the header, so the host is what the member declares,
 * as its clientId is: shown in the group's description, never used to grant anything.
 */
export function relayedClientHostOf(
  header: (name: string) => string | null | undefined,
): string | null {
  const forwarded = header(FORWARDED_FOR_HEADER)?.split(",")[0]?.trim();
  const relayed = forwarded === undefined ? null : ipOrNull(forwarded);
  return relayed ?? clientHostOf(header);
}

function ipOrNull(text: string): string | null {
  const ipLike = /^[0-9A-Fa-f.:]+$/.test(text) && /[.:]/.test(text);
  return ipLike && text.length <= HOST_CHARS_MAX ? text : null;
}
