// The worker's bindings and vars, and their parsing into a frozen config at start-up.
import type { Catalog } from "./objects/catalog.js";
import type { GroupCoordinator } from "./objects/group-coordinator.js";
import type { PartitionReplica } from "./objects/partition-replica.js";
import type { WebhookInbox } from "./objects/webhook-inbox.js";

export interface Env {
  CATALOG: DurableObjectNamespace<Catalog>;
  PARTITIONS: DurableObjectNamespace<PartitionReplica>;
  GROUPS: DurableObjectNamespace<GroupCoordinator>;
  WEBHOOKS: DurableObjectNamespace<WebhookInbox>;
  EDGELOG_FAULTS?: string;
}

export interface Config {
  readonly faultsEnabled: boolean;
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
  const faults = env.EDGELOG_FAULTS ?? "0";
  if (faults !== "0" && faults !== "1") {
    throw new Error(`EDGELOG_FAULTS must be "0" or "1", got ${JSON.stringify(faults)}`);
  }
  return Object.freeze({ faultsEnabled: faults === "1" });
}
