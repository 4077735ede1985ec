// The worker's bindings and vars, and their parsing into a frozen config at start-up.
import {
  ADMIN_TOKEN_CHARS_MIN,
  LAG_SAMPLE_MS_DEFAULT,
  LAG_SAMPLE_MS_MIN,
} from "../src/protocol/limits.js";
import type { Catalog } from "./objects/catalog.js";
import type { GroupCoordinator } from "./objects/group-coordinator.js";
import type { PartitionReplica } from "./objects/partition-replica.js";
import type { QueryProcessor } from "./objects/query-processor.js";
import type { QueryRegistry } from "./objects/query-registry.js";
import type { ShareGroup } from "./objects/share-group.js";
import type { PushSubscription } from "./objects/subscription.js";
import type { WebhookInbox } from "./objects/webhook-inbox.js";

export interface Env {
  CATALOG: DurableObjectNamespace<Catalog>;
  PARTITIONS: DurableObjectNamespace<PartitionReplica>;
  GROUPS: DurableObjectNamespace<GroupCoordinator>;
  WEBHOOKS: DurableObjectNamespace<WebhookInbox>;
  QUERIES: DurableObjectNamespace<QueryRegistry>;
  PROCESSORS: DurableObjectNamespace<QueryProcessor>;
  SUBSCRIPTIONS: DurableObjectNamespace<PushSubscription>;
  /** Test-only watcher of the append-watch tests (test/workerd/wake-probe.ts); unbound in a deployment. */
  WAKE_PROBES?: DurableObjectNamespace;
  SHARE_GROUPS: DurableObjectNamespace<ShareGroup>;
  EDGELOG_FAULTS?: string;
  /** The admin token (a secret: `wrangler secret put`, or `.dev.vars` locally). Auth is on when set. */
  EDGELOG_ADMIN_TOKEN?: string;
  /**
   * "1" marks a local development run, which may run open, without auth: the project's `.env`
   * sets it for `wrangler dev` (never for a deployment), `npm start` and the tests pass it.
   */
  EDGELOG_DEV?: string;
  /** Origins whose pages may call the API with a token (comma-separated, or "*"); none if unset. */
  EDGELOG_CORS_ORIGINS?: string;
  /** How often a group coordinator samples its lag for the history (ms, default 60000). */
  EDGELOG_METRICS_SAMPLE_MS?: string;
  /** Optional: request metrics go to this Workers Analytics Engine dataset (gateway/analytics.ts). */
  EDGELOG_ANALYTICS?: AnalyticsEngineDataset;
}

export interface Config {
  readonly faultsEnabled: boolean;
  /** The admin token; null: auth is off (allowed only in development). */
  readonly adminToken: string | null;
  readonly dev: boolean;
  /** Browser origins allowed to call the API (`*`: every origin); empty: no cross-origin calls. */
  readonly corsOrigins: readonly string[];
  /** Group lag is sampled at least this often while a group has members or lag. */
  readonly metricsSampleMs: number;
}

const parsed = new WeakMap<Env, Config>();

/** The config of `env`, parsed once per isolate and environment. */
export function configOf(env: Env): Config {
  let config = parsed.get(env);
  if (config === undefined) {
    config = parseConfig(env);
    parsed.set(env, config);
  }
  return config;
}

/** Parses vars; a malformed value fails loudly instead of silently meaning "off". */
export function parseConfig(env: Env): Config {
  const flag = (name: "EDGELOG_FAULTS" | "EDGELOG_DEV") => {
    const value = env[name] ?? "0";
    if (value !== "0" && value !== "1") {
      throw new Error(`${name} must be "0" or "1", got ${JSON.stringify(value)}`);
    }
    return value === "1";
  };
  const adminToken = env.EDGELOG_ADMIN_TOKEN ?? "";
  if (adminToken !== "" && adminToken.trim().length < ADMIN_TOKEN_CHARS_MIN) {
    throw new Error(`EDGELOG_ADMIN_TOKEN must be at least ${ADMIN_TOKEN_CHARS_MIN} characters`);
  }
  return Object.freeze({
    faultsEnabled: flag("EDGELOG_FAULTS"),
    adminToken: adminToken === "" ? null : adminToken.trim(),
    dev: flag("EDGELOG_DEV"),
    corsOrigins: Object.freeze(parseOrigins(env.EDGELOG_CORS_ORIGINS ?? "")),
    metricsSampleMs: parseSampleMs(env.EDGELOG_METRICS_SAMPLE_MS),
  });
}

/** `https://app.example.com, http://localhost:5173` or `*`: scheme, host and port, no path. */
function parseOrigins(text: string): string[] {
  const origins = text
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of origins) {
    if (origin !== "*" && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      throw new Error(
        `EDGELOG_CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://app.example.com`,
      );
    }
  }
  return origins;
}

/** EDGELOG_METRICS_SAMPLE_MS: whole milliseconds, at least LAG_SAMPLE_MS_MIN. */
function parseSampleMs(text: string | undefined): number {
  if (text === undefined || text === "") return LAG_SAMPLE_MS_DEFAULT;
  const value = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < LAG_SAMPLE_MS_MIN) {
    throw new Error(
      `EDGELOG_METRICS_SAMPLE_MS must be an integer of at least ${LAG_SAMPLE_MS_MIN}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
