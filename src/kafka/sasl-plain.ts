// SASL/PLAIN (RFC 4616) with edgelog tokens: any username, the password is a token. A token is
// accepted when edgelog accepts it (a topic listing answers, filtered by its ACL), so a revoked
// or unknown token fails here, at authentication, not at the first produce.
import { EdgelogClientError } from "../client/errors.js";
import type { ConnectionState } from "./api-handler.js";
import type { GatewayConfig } from "./gateway-config.js";
import { edgelogFor } from "./session.js";

export type SaslOutcome = { ok: true } | { ok: false; message: string };

/** The password of a PLAIN message `authzid NUL authcid NUL passwd`, or null if malformed. */
export function plainPassword(message: Buffer): string | null {
  const parts = message.toString("utf8").split("\0");
  if (parts.length !== 3 || parts[2] === undefined || parts[2] === "") return null;
  return parts[2];
}

export async function authenticatePlain(
  message: Buffer,
  connection: ConnectionState,
  config: GatewayConfig,
): Promise<SaslOutcome> {
  const token = plainPassword(message);
  if (token === null) return { ok: false, message: "malformed PLAIN message" };
  const edgelog = edgelogFor(config.url, token, connection.clientAddress);
  try {
    await edgelog.admin().listTopics();
  } catch (err) {
    if (err instanceof EdgelogClientError && err.code === "UNAUTHORIZED") {
      return { ok: false, message: "edgelog refused the token" };
    }
    throw err;
  }
  connection.edgelog = edgelog;
  connection.authenticated = true;
  return { ok: true };
}
