// The gateway's settings, fixed at start-up: where edgelog is, the fallback token, and the
// address Metadata and FindCoordinator hand out.

export interface GatewayConfig {
  /** edgelog's base URL, e.g. http://127.0.0.1:8787. */
  url: string;
  /** Used for connections that do not authenticate (a gateway on a private network). */
  token: string | undefined;
  advertisedHost: string;
  advertisedPort: number;
}

/**
 * The gateway is the only broker clients see: every partition's leader, the controller and
 * (with the group work) every coordinator.
 */
export const GATEWAY_NODE_ID = 0;

/** What Metadata answers as the cluster id (KIP-78): a fixed name, one per edgelog. */
export const CLUSTER_ID = "edgelog";
