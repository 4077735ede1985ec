// Every route the fuzz test reaches, each with a valid-shaped template body (always corrupted
// before it is sent) and its path and query generators.
import {
  groupPath,
  memberPath,
  nameSegment,
  oddSegment,
  partitionPath,
  tokenIdSegment,
  topicPath,
} from "./paths.js";
import { fetchQuery, ndjsonQuery, offsetsQuery, trackQuery } from "./queries.js";
import type { Rng } from "./random.js";
import type { Fixture } from "./request.js";

export interface RouteSpec {
  name: string;
  method: string;
  path: (rng: Rng, fx: Fixture) => string;
  template?: (rng: Rng, fx: Fixture) => unknown;
  /** Query parameters: good values, and the malformed query. */
  query?: (rng: Rng, fx: Fixture, malformed: boolean) => string;
  ndjson?: boolean;
  raw?: "webhook" | "beacon";
}

export const ROUTES: readonly RouteSpec[] = [
  {
    name: "topics.create",
    method: "POST",
    path: () => "/v1/topics",
    template: (rng, fx) => ({
      name: `${fx.prefix}-new${rng.int(0, 1e6)}`,
      partitions: rng.int(1, 4),
      replicationFactor: 1,
      minInsyncReplicas: 1,
      replicaLagMs: 1_000,
      retentionMs: 60_000,
      retentionBytes: 1_000_000,
      cleanupPolicy: "delete",
      minCompactionLagMs: 0,
      deleteRetentionMs: 1_000,
      placement: ["wnam"],
    }),
  },
  { name: "topics.list", method: "GET", path: () => "/v1/topics" },
  { name: "topics.describe", method: "GET", path: topicPath() },
  {
    name: "topics.alter",
    method: "PATCH",
    path: topicPath(),
    template: () => ({
      partitions: 3,
      cleanupPolicy: "compact",
      retentionMs: 60_000,
      retentionBytes: 1_000,
      minCompactionLagMs: 0,
      deleteRetentionMs: 1,
      minInsyncReplicas: 1,
      replicaLagMs: 100,
    }),
  },
  { name: "topics.delete", method: "DELETE", path: topicPath() },
  {
    name: "records.produce",
    method: "POST",
    path: topicPath("/records"),
    template: (rng) => ({
      records: [
        { key: "k", value: { a: [1, "x"] }, headers: { h: "v" }, partition: 0, timestamp: 1 },
        { keyBase64: "AA==", valueBase64: "AAEC", partition: rng.int(0, 1) },
      ],
      acks: rng.pick([0, 1, "all"]),
      producer: { id: "p", epoch: 0, sequence: 0 },
    }),
  },
  {
    name: "records.produce-ndjson",
    method: "POST",
    path: topicPath("/records"),
    ndjson: true,
    query: ndjsonQuery,
    template: () => [
      { key: "k", value: 1, partition: 0 },
      { value: "v", headers: { h: "v" } },
    ],
  },
  {
    name: "records.fetch",
    method: "GET",
    path: partitionPath("/records"),
    query: fetchQuery,
  },
  {
    name: "offsets",
    method: "GET",
    path: partitionPath("/offsets"),
    query: offsetsQuery,
  },
  {
    name: "producers",
    method: "POST",
    path: () => "/v1/producers",
    template: (rng, fx) => ({ name: `${fx.prefix}-producer${rng.int(0, 99)}` }),
  },
  {
    name: "webhooks.ingest",
    method: "POST",
    path: (rng, fx) => `/v1/webhooks/${nameSegment(rng, fx.topic, fx)}`,
    raw: "webhook",
  },
  {
    name: "webhooks.config",
    method: "PUT",
    path: topicPath("/webhook"),
    template: () => ({
      verify: { type: "hmac", secret: "fuzz-secret", header: "X-Signature" },
      key: { pointer: "/id" },
      headers: ["x-a", "x-b"],
      dedupeWindowSec: 60,
    }),
  },
  { name: "webhooks.config-read", method: "GET", path: topicPath("/webhook") },
  {
    name: "track.config",
    method: "PUT",
    path: topicPath("/track"),
    template: () => ({ origins: ["https://a.example"], dedupeWindowSec: 10, rotateKey: true }),
  },
  { name: "track.config-read", method: "GET", path: topicPath("/track") },
  {
    name: "track.ingest",
    method: "POST",
    path: (rng, fx) => `/v1/track/${nameSegment(rng, fx.topic, fx)}`,
    query: trackQuery,
    raw: "beacon",
    template: (rng) => [
      {
        name: "click",
        props: { a: 1 },
        ts: 1,
        id: `e${rng.int(0, 1e6)}`,
        anonymousId: "v1",
        url: "https://a.example/",
      },
    ],
  },
  {
    name: "track.preflight",
    method: "OPTIONS",
    path: (rng, fx) => `/v1/track/${nameSegment(rng, fx.topic, fx)}`,
  },
  { name: "track.script", method: "GET", path: () => "/v1/track.js" },
  {
    name: "tokens.create",
    method: "POST",
    path: () => "/v1/tokens",
    template: (_rng, fx) => ({
      name: `${fx.prefix}-token`,
      acl: [{ resource: "topic:*", operations: ["admin", "produce"] }],
      quotas: { produceBytesPerSec: 1_000, fetchBytesPerSec: 1_000 },
    }),
  },
  { name: "tokens.list", method: "GET", path: () => "/v1/tokens" },
  {
    name: "tokens.revoke",
    method: "DELETE",
    path: (rng, fx) => `/v1/tokens/${tokenIdSegment(rng, fx)}`,
  },
  {
    name: "admin.faults",
    method: "POST",
    path: () => "/v1/admin/faults",
    template: (rng, fx) => ({
      topic: fx.topic,
      partition: rng.int(0, 1),
      replica: 0,
      fault: rng.pick(["down", "up", "delay"]),
      delayMs: 100,
    }),
  },
  { name: "groups.list", method: "GET", path: () => "/v1/groups" },
  { name: "groups.describe", method: "GET", path: groupPath() },
  { name: "groups.delete", method: "DELETE", path: groupPath() },
  {
    name: "groups.join",
    method: "POST",
    path: groupPath("/members"),
    template: (rng, fx) => ({
      topics: [fx.topic],
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      assignor: rng.pick(["range", "roundrobin", "cooperative-sticky"]),
      instanceId: "i1",
    }),
  },
  {
    name: "groups.heartbeat",
    method: "POST",
    path: memberPath("/heartbeat"),
    template: (_rng, fx) => ({
      memberEpoch: 1,
      owned: [{ topic: fx.topic, partitions: [0, 1] }],
      topics: [fx.topic],
    }),
  },
  {
    name: "groups.leave",
    method: "DELETE",
    path: memberPath(),
  },
  {
    name: "groups.commit",
    method: "POST",
    path: groupPath("/offsets"),
    template: (rng, fx) => ({
      memberId: "m",
      memberEpoch: 1,
      offsets: [{ topic: fx.topic, partition: rng.int(0, 1), offset: 1, metadata: "md" }],
    }),
  },
  { name: "groups.offsets", method: "GET", path: groupPath("/offsets") },
  {
    name: "groups.classic.join",
    method: "POST",
    path: groupPath("/classic/join"),
    template: (rng) => ({
      memberId: rng.pick(["", "m"]),
      instanceId: "i1",
      clientId: "fuzz",
      protocolType: "consumer",
      protocols: [{ name: rng.pick(["range", "roundrobin"]), metadataBase64: "AAE=" }],
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
    }),
  },
  {
    name: "groups.classic.sync",
    method: "POST",
    path: groupPath("/classic/sync"),
    template: () => ({
      memberId: "m",
      generationId: 1,
      protocolType: "consumer",
      protocolName: "range",
      assignments: [{ memberId: "m", assignmentBase64: "AAE=" }],
    }),
  },
  {
    name: "groups.classic.heartbeat",
    method: "POST",
    path: groupPath("/classic/heartbeat"),
    template: () => ({ memberId: "m", generationId: 1, instanceId: "i1" }),
  },
  {
    name: "groups.classic.leave",
    method: "POST",
    path: groupPath("/classic/leave"),
    template: () => ({ memberId: "m", instanceId: "i1" }),
  },
  {
    name: "groups.classic.commit",
    method: "POST",
    path: groupPath("/classic/offsets"),
    template: (rng, fx) => ({
      memberId: "m",
      generationId: 1,
      offsets: [{ topic: fx.topic, partition: rng.int(0, 1), offset: 1, metadata: "md" }],
    }),
  },
  {
    name: "groups.reset",
    method: "POST",
    path: groupPath("/offsets/reset"),
    template: (rng, fx) => ({
      topic: fx.topic,
      to: rng.pick<unknown>(["earliest", "latest", { offset: 1 }, { timestamp: 1 }]),
    }),
  },
  {
    name: "unknown",
    method: "GET",
    path: (rng, fx) =>
      rng.pick([
        "/",
        "/v1",
        "/v1/",
        "/v2/topics",
        "/V1/TOPICS",
        "/v1/topics/",
        "//v1//topics",
        `/v1/topics/${fx.topic}/partitions`,
        `/v1/topics/${fx.topic}/partitions/0`,
        `/v1/topics/${fx.topic}/records/0`,
        "/v1/admin",
        "/v1/admin/faults/x",
        "/v1/tokens/a/b",
        `/v1/groups/${fx.group}/members/m/heartbeat/x`,
        "/v1/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/v1/topics/../../../../etc/passwd",
        "/.env",
        "/wrangler.toml",
        "/v1/track.js/x",
        "/favicon.ico",
        `/${"a".repeat(20_000)}`,
        `/v1/${oddSegment(rng)}`,
      ]),
  },
];
