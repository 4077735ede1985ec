// The edgelog client one connection talks through, and the rule that turns edgelog's refusal of
// its credentials into closing the connection (a Kafka client has no other place to see it).
import { Edgelog, type EdgelogOptions } from "../client/edgelog.js";
import { EdgelogClientError } from "../client/errors.js";
import { UnauthenticatedError } from "./error-map.js";

/**
 * The gateway's own retries stay short: a Kafka client retries on its own, after refreshing
 * metadata, and a request held here too long would pass the client's request.timeout.ms.
 */
const GATEWAY_RETRY = { retries: 2, initialMs: 100, maxMs: 1_000 };

/**
 * Asks edgelog for uncompressed answers: the gateway runs near edgelog or its clients, and
 * gzip of every fetch page cost workerd the compression and the gateway the decompression
 * (node:zlib was the gateway's largest CPU cost reading 100-byte records).
 */
function fetchIdentity(request: Request): Promise<Response> {
  request.headers.set("accept-encoding", "identity");
  return fetch(request);
}

export function edgelogFor(url: string, token: string | undefined): Edgelog {
  const options: EdgelogOptions = {
    url,
    retry: GATEWAY_RETRY,
    logLevel: "nothing",
    fetch: fetchIdentity,
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
