// The edgelog client one connection talks through, and the rule that turns edgelog's refusal of
// its credentials into closing the connection (a Kafka client has no other place to see it).
import { Edgelog, type EdgelogOptions } from "../client/edgelog.js";
import { EdgelogClientError } from "../client/errors.js";
import { FORWARDED_FOR_HEADER } from "./client-address.js";
import { UnauthenticatedError } from "./error-map.js";

/**
 * The gateway's own retries stay short: a Kafka client retries on its own, after refreshing
 * metadata, and a request held here too long would pass the client's request.timeout.ms.
 */
const GATEWAY_RETRY = { retries: 2, initialMs: 100, maxMs: 1_000 };

/**
 * Every request asks edgelog for an uncompressed answer: the gateway runs near edgelog or its
 * clients, and gzip of every fetch page cost workerd the compression and the gateway the
 * decompression (node:zlib was the gateway's largest CPU cost reading 100-byte records). It
 * names the Kafka client's address, if known, in X-Forwarded-For (client-address.ts).
 */
function gatewayFetch(clientAddress: string | null) {
  return (request: Request): Promise<Response> => {
    request.headers.set("accept-encoding", "identity");
    if (clientAddress !== null) request.headers.set(FORWARDED_FOR_HEADER, clientAddress);
    return fetch(request);
  };
}

/** The edgelog client for one Kafka connection, from `clientAddress` (null: not known). */
export function edgelogFor(
  url: string,
  token: string | undefined,
  clientAddress: string | null,
): Edgelog {
  const options: EdgelogOptions = {
    url,
    retry: GATEWAY_RETRY,
    logLevel: "nothing",
    fetch: gatewayFetch(clientAddress),
  };
  if (token !== undefined) options.token = token;
  return new Edgelog(options);
}

/** Rethrows edgelog's UNAUTHORIZED as UnauthenticatedError; any other error passes through. */
export function rethrowUnauthenticated(err: unknown): never {
  if (err instanceof EdgelogClientError && err.code === "UNAUTHORIZED") {
    throw new UnauthenticatedError("edgelog refused this connection's credentials");
  }
  throw err;
}

/** Like rethrowUnauthenticated, for a catch that goes on to map other errors. */
export function checkAuthenticated(err: unknown): void {
  if (err instanceof EdgelogClientError && err.code === "UNAUTHORIZED") rethrowUnauthenticated(err);
}
