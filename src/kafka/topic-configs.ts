// Kafka's topic config names ↔ edgelog's topic config fields, for CreateTopics and
// DescribeConfigs. Only configs edgelog has are accepted; any other is INVALID_CONFIG.
import type { CleanupPolicy, TopicConfig } from "../protocol/types.js";

type NumericField = Exclude<keyof TopicConfig, "cleanupPolicy" | "placement">;

export const NUMERIC_CONFIGS: Record<string, NumericField> = {
  "min.insync.replicas": "minInsyncReplicas",
  "retention.ms": "retentionMs",
  "retention.bytes": "retentionBytes",
  "min.compaction.lag.ms": "minCompactionLagMs",
  "delete.retention.ms": "deleteRetentionMs",
  "replica.lag.time.max.ms": "replicaLagMs",
};

const CLEANUP_POLICIES: ReadonlySet<string> = new Set(["delete", "compact", "compact,delete"]);

/** Kafka's -1 for retention means "unlimited": edgelog's unset field. */
const UNLIMITED = "-1";

export class InvalidConfigError extends Error {
  override readonly name = "InvalidConfigError";
}

/** CreateTopics' configs as edgelog topic fields. */
export function topicConfigFrom(configs: Array<{ name: string; value: string | null }>) {
  const out: Partial<TopicConfig> = {};
  for (const { name, value } of configs) {
    if (value === null) continue;
    if (name === "cleanup.policy") {
      const policy = value.split(",").sort().join(",");
      if (!CLEANUP_POLICIES.has(policy)) throw new InvalidConfigError(`cleanup.policy=${value}`);
      out.cleanupPolicy = policy as CleanupPolicy;
      continue;
    }
    const field = NUMERIC_CONFIGS[name];
    if (field === undefined) throw new InvalidConfigError(`unsupported config ${name}`);
    if (value === UNLIMITED && (field === "retentionMs" || field === "retentionBytes")) continue;
    if (!/^\d{1,15}$/.test(value)) throw new InvalidConfigError(`${name}=${value}`);
    out[field] = Number(value);
  }
  return out;
}

/** A topic's config as Kafka's names and string values (unset retention is -1). */
export function kafkaConfigsOf(config: TopicConfig): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [
    { name: "cleanup.policy", value: config.cleanupPolicy },
  ];
  for (const [name, field] of Object.entries(NUMERIC_CONFIGS)) {
    out.push({ name, value: String(config[field] ?? UNLIMITED) });
  }
  return out;
}
