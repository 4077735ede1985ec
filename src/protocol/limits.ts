// Every bound edgelog enforces, each with the reason for its value (DESIGN.md §5, TIGER_STYLE).
// Past a limit the caller gets the limit's own error code; nothing here is unbounded.

const KiB = 1024;
const MiB = 1024 * KiB;

/** A record as stored: its JSON encoding of key, value and headers. Kafka's default is 1 MB. */
export const RECORD_BYTES_MAX = 1 * MiB;

/**
 * A produce request body. Workers accept far larger bodies, but one request is one atomic write
 * per partition inside a Durable Object whose memory is 128 MB; 4 MiB keeps many in flight.
 */
export const REQUEST_BYTES_MAX = 4 * MiB;

/** Records in one produce request; bounds the work one request can queue on a partition. */
export const RECORDS_PER_REQUEST_MAX = 10_000;

/**
 * A stored batch row. Durable Object SQLite caps a row (and a string or blob) at 2 MB; a batch
 * larger than this spans several rows written in one transaction.
 */
export const BATCH_ROW_BYTES_MAX = 1536 * KiB;

/** JSON nesting outside record values: the envelope is shallow, so deep nesting is abuse. */
export const JSON_DEPTH_MAX = 64;

/** JSON nesting inside a record value: generous for documents, far from any stack limit. */
export const VALUE_DEPTH_MAX = 512;

/**
 * The deepest JSON any body may hold: an envelope around a record value. The exact check of
 * numbers and strings (json-fidelity.ts) re-parses with a reviver, which V8 runs recursively
 * (its stack overflows near 10,000 levels); deeper text is refused before it.
 */
export const JSON_CHECK_DEPTH_MAX = JSON_DEPTH_MAX + VALUE_DEPTH_MAX;

/** Header entries on one record; headers are metadata, not payload. */
export const HEADERS_PER_RECORD_MAX = 64;

/**
 * Partitions per topic. Creating a topic initialises every replica object from the catalog in
 * one request, which must stay well inside the platform's subrequest budget (256 × 5 = 1280).
 */
export const PARTITIONS_MAX = 256;

/** Replicas per partition (DESIGN.md §3). */
export const REPLICATION_FACTOR_MAX = 5;

/**
 * How long a follower may go without acknowledging before it leaves the ISR (topic config
 * `replicaLagMs`; DESIGN.md §3 fixes the default, Kafka's replica.lag.time.max.ms is 30 s).
 * At most an hour: an acks="all" produce may wait this long (plus COMMIT_WAIT_EXTRA_MS) for a
 * silent follower, far past any client's timeout already.
 */
export const REPLICA_LAG_MS_DEFAULT = 10_000;
export const REPLICA_LAG_MS_MAX = 3_600_000;

/** A placement location hint: Cloudflare's hints are short region codes ("wnam", "weur"). */
export const PLACEMENT_HINT_CHARS_MAX = 32;

/** Topics in one catalog; the catalog lists them in one answer. */
export const TOPICS_MAX = 10_000;

/** Topic and group names: Kafka's rule. */
export const NAME_LENGTH_MAX = 249;

/** Records one fetch may return; Kafka's max.poll.records defaults to 500. */
export const FETCH_RECORDS_DEFAULT = 500;
export const FETCH_RECORDS_MAX = 10_000;

/**
 * Bytes one fetch may return. A fetch always returns at least one record when one is available,
 * even a larger one, so a consumer can always make progress (Kafka's rule).
 */
export const FETCH_BYTES_DEFAULT = 1 * MiB;
export const FETCH_BYTES_MAX = 8 * MiB;

/** Longest long-poll; clients re-poll. Below common proxy idle timeouts (60 s and up). */
export const LONG_POLL_MS_MAX = 30_000;

/** SSE keep-alive comment interval: DESIGN.md requires at least every 15 s. */
export const SSE_KEEPALIVE_MS = 15_000;

/**
 * Lifetime of one SSE connection. EventSource reconnects with Last-Event-ID, so a bounded
 * lifetime costs nothing and frees objects and sockets held by clients that went away silently.
 */
export const SSE_CONNECTION_MS_MAX = 5 * 60_000;

/** Records per SSE event, so one event never grows past what a browser parses comfortably. */
export const SSE_RECORDS_PER_EVENT_MAX = 1_000;

/**
 * The reconnection delay an SSE stream asks of EventSource (`retry:`): a stream whose lifetime
 * ended (SSE_CONNECTION_MS_MAX) resumes within a second, not the browser's default few seconds.
 */
export const SSE_RETRY_MS = 1_000;

/** The gateway trusts its cached topic metadata for this long (Kafka's metadata.max.age idea). */
export const METADATA_CACHE_MS = 5_000;

/** Replica objects the catalog initialises or drops concurrently. */
export const CATALOG_FANOUT_MAX = 32;

/** Bytes one replication push carries; Workers RPC messages are capped at 32 MiB. */
export const REPLICATION_BYTES_MAX = 4 * MiB;

/**
 * How long a leader holds back a push that carries only a new high watermark, hoping to send it
 * with the next batch. Followers must learn the high watermark within 1 s (DESIGN.md §3).
 */
export const HIGH_WATERMARK_PUSH_DELAY_MS = 200;

/** Retry backoff for pushes to an unreachable follower: doubling from the first, capped. */
export const REPLICATION_BACKOFF_MS_MIN = 50;
export const REPLICATION_BACKOFF_MS_MAX = 1_000;

/** How often a leader checks its followers' lag while any is behind. */
export const LAG_CHECK_MS_MAX = 250;

/**
 * An acks="all" produce waits for the ISR this much longer than the topic's replicaLagMs: by then
 * a silent follower has left the ISR and the write is committed, or the answer is UNAVAILABLE.
 */
export const COMMIT_WAIT_EXTRA_MS = 5_000;

/** The gateway retries a partition whose leader is failing over for this long (DESIGN.md §3). */
export const FAILOVER_MS_MAX = 12_000;

/** The gateway's retry backoff while a partition fails over. */
export const FAILOVER_BACKOFF_MS_MIN = 25;
export const FAILOVER_BACKOFF_MS_MAX = 500;

/** A fault's delay on every call into a replica (fault injection, tests and demos only). */
export const FAULT_DELAY_MS_MAX = 60_000;

/**
 * Newest batches a leader keeps in memory, so it pushes what it just appended without reading it
 * back. Followers trail by a push or two, so a few requests' worth suffice; more only grows the
 * heap every garbage collection walks.
 */
export const REPLICATION_CACHE_BYTES_MAX = 2 * MiB;

/** Members per consumer group; a group with more members than partitions idles most of them. */
export const GROUP_MEMBERS_MAX = 256;

/** Session timeout bounds and default (KIP-848: 45 s default). */
export const SESSION_TIMEOUT_MS_MIN = 1_000;
export const SESSION_TIMEOUT_MS_DEFAULT = 45_000;
export const SESSION_TIMEOUT_MS_MAX = 300_000;

/** Time a member gets to give up revoked partitions (Kafka's rebalance timeout default: 5 min). */
export const REBALANCE_TIMEOUT_MS_DEFAULT = 300_000;
export const REBALANCE_TIMEOUT_MS_MAX = 1_800_000;

/** Heartbeat interval: a third of the session, at most KIP-848's 5 s default. */
export const HEARTBEAT_INTERVAL_MS_MAX = 5_000;

/** Offsets in one commit or reset; a commit is one transaction on the group's object. */
export const OFFSETS_PER_COMMIT_MAX = 10_000;

/** The metadata string stored with a committed offset (Kafka's offset.metadata.max.bytes). */
export const OFFSET_METADATA_CHARS_MAX = 4_096;

/**
 * A member's client id (Kafka's client.id: a printable string, e.g. `consumer-billing-1`).
 * Long enough for the ids clients generate from a group or host name; short enough to keep a
 * describe table readable and a member row small in the group's object.
 */
export const CLIENT_ID_CHARS_MAX = 255;

/** A member's host: the caller's IP address as text (45 characters: IPv4-mapped IPv6). */
export const HOST_CHARS_MAX = 45;

/** Topics one member may subscribe to. */
export const TOPICS_PER_MEMBER_MAX = 256;

/** Batches per producer a partition answers duplicates for (Kafka keeps the last 5 in flight). */
export const PRODUCER_BATCHES_KEPT = 5;

/**
 * Rows of retired producer metadata (producer_history) kept per producer once retention or
 * compaction deleted its batches. Rows, not batches: a batch larger than BATCH_ROW_BYTES_MAX
 * spans a few rows, so this keeps the newest PRODUCER_BATCHES_KEPT batches even then.
 */
export const PRODUCER_HISTORY_ROWS_KEPT = 16;

/** Webhook redeliveries are recognised by delivery id within this window (default one day). */
export const WEBHOOK_DEDUPE_WINDOW_SEC_DEFAULT = 86_400;
export const WEBHOOK_DEDUPE_WINDOW_SEC_MAX = 7 * 86_400;

/** Stripe's own default tolerance for a signature's timestamp. */
export const WEBHOOK_TOLERANCE_SEC_DEFAULT = 300;

/** A tolerance past an hour would let a captured delivery be replayed for too long. */
export const WEBHOOK_TOLERANCE_SEC_MAX = 3_600;

/** A header name in a webhook config (signature, key or copied headers); real ones are short. */
export const WEBHOOK_HEADER_NAME_CHARS_MAX = 64;

/** Request headers a webhook copies into record headers. */
export const WEBHOOK_HEADERS_MAX = 16;

/** A webhook signing secret. */
export const WEBHOOK_SECRET_CHARS_MAX = 256;

/** Delivery ids, like any identifier a sender chooses, are bounded. */
export const WEBHOOK_DELIVERY_ID_CHARS_MAX = 256;

/**
 * A delivery claimed but not completed within this long is taken to have failed (its appender
 * died), so a redelivery may claim it again; until then a redelivery is told to retry. Longer
 * than an append takes with the default replicaLagMs and a failover (FAILOVER_MS_MAX).
 */
export const WEBHOOK_CLAIM_MS_MAX = 30_000;

/** Expired delivery ids one claim forgets, so the cleanup a claim does stays bounded. */
export const WEBHOOK_EXPIRED_PER_CLAIM_MAX = 100;

/** Events in one beacon; the tracking script sends at most 20 at a time. */
export const BEACON_EVENTS_MAX = 100;

/**
 * Beacon event fields, in characters: an event name is a label, ids are UUIDs or similar, a
 * page URL may carry a long query (2 KiB is what browsers and CDNs reliably pass).
 */
export const BEACON_NAME_CHARS_MAX = 200;
export const BEACON_ID_CHARS_MAX = 64;
export const BEACON_ANONYMOUS_ID_CHARS_MAX = 128;
export const BEACON_URL_CHARS_MAX = 2_048;

/** The User-Agent a beacon's records carry as a header is cut here: real ones are shorter. */
export const BEACON_USER_AGENT_CHARS_MAX = 512;

/**
 * The tracking script sends a beacon once it holds this many events, or this long after the
 * first queued one (or when the page is hidden): few requests, little lost if the tab dies.
 * Well inside BEACON_EVENTS_MAX, and sendBeacon's 64 KiB queue, for events of usual size.
 */
export const TRACK_BATCH_EVENTS_MAX = 20;
export const TRACK_BATCH_MS_MAX = 2_000;

/** Browsers cache /v1/track.js this long: a new script reaches pages within minutes. */
export const TRACK_SCRIPT_CACHE_SEC = 300;

/** Allowed origins per tracked topic. */
export const TRACK_ORIGINS_MAX = 32;

/**
 * Browsers cache a CORS preflight answer this long (Chromium caps it at 2 hours, Firefox at a
 * day): the allowed origins are deployment config, which changes with a deployment.
 */
export const CORS_PREFLIGHT_CACHE_SEC = 86_400;

/**
 * Retention and compaction run on each partition's alarm (DESIGN.md §4: expired data is gone
 * within 60 s). An idle partition with retention configured is checked at least this often.
 */
export const MAINTENANCE_INTERVAL_MS = 30_000;

/** Once a compaction pass ends, the next starts no sooner: each pass reads the whole log. */
export const COMPACTION_INTERVAL_MS = 15_000;

/**
 * Records one alarm run reads for compaction or retention work: about 20 ms of JSON parsing on
 * one core, so an alarm never holds the partition (and the produces and fetches behind it) for
 * long. Work continues on the next run, MAINTENANCE_YIELD_MS later.
 */
export const COMPACTION_RECORDS_PER_RUN = 10_000;

/**
 * The pause between two runs of unfinished work: requests queued behind a run get in before
 * the next one (an alarm set for "now" can otherwise follow its predecessor at once).
 */
export const MAINTENANCE_YIELD_MS = 10;

/**
 * Distinct keys one compaction pass maps (key → newest offset). Its memory (keys are strings)
 * must stay well inside a Durable Object's 128 MB; a pass over more keys stops its clean range
 * at the record that would exceed this, and the next pass goes on from there (Kafka's cleaner
 * bounds its offset map the same way).
 */
export const COMPACTION_KEYS_MAX = 250_000;

/** Batches one alarm run deletes for retention; the rest go on the next run, at once. */
export const RETENTION_BATCHES_PER_RUN = 5_000;

/**
 * Batches retention reads at first, in a run: most runs delete little, so they read little; a
 * run with more to delete reads on, up to RETENTION_BATCHES_PER_RUN.
 */
export const RETENTION_PAGE_BATCHES = 64;

/** Kafka's delete.retention.ms default: tombstones stay one day after compaction reaches them. */
export const DELETE_RETENTION_MS_DEFAULT = 86_400_000;

/** ACL entries per token: enough for a tenant's topics and groups, small to check per request. */
export const ACL_ENTRIES_MAX = 64;

/** A token's name, shown in listings. */
export const TOKEN_NAME_CHARS_MAX = 128;

/** Tokens the catalog holds; each one is checked against on a cache miss, never scanned. */
export const TOKENS_MAX = 10_000;

/** An admin token (EDGELOG_ADMIN_TOKEN) shorter than this is refused: it would be guessable. */
export const ADMIN_TOKEN_CHARS_MIN = 16;

/**
 * How long a gateway isolate trusts what it learned of a token: a revoked token is refused
 * everywhere within this (DESIGN.md §4 promises 5 s).
 */
export const TOKEN_CACHE_MS = 4_000;

/** Tokens (valid or not) one gateway isolate remembers; the oldest are forgotten first. */
export const TOKEN_CACHE_ENTRIES_MAX = 1_000;

/** The burst a byte-rate quota allows: one second's worth (Kafka's quota window is 1 s). */
export const QUOTA_BURST_MS = 1_000;

/**
 * Input quoted back in an error message (a number's text, a charset) is cut here: enough to
 * recognise it; a token of a request body may be megabytes long.
 */
export const ECHOED_INPUT_CHARS_MAX = 40;

// Stream SQL (design/stream-sql.md) ----------------------------------------------------------

/** A statement's text: statements are written by people; 64 Ki characters is pages of SQL. */
export const SQL_CHARS_MAX = 64 * KiB;

/** Tokens in one statement: bounds the parser's work whatever the text holds. */
export const SQL_TOKENS_MAX = 10_000;

/**
 * Expression nesting (parentheses, NOT, unary minus, CASE): the parser and evaluator recurse per
 * level, so a bound keeps a hostile statement far from the stack limit.
 */
export const SQL_NESTING_MAX = 64;

/** A window size, advance or grace period: 366 days, past any useful aggregation window. */
export const WINDOW_MS_MAX = 366 * 86_400_000;

/**
 * Distinct values COUNT_DISTINCT keeps per group and window: the exact set lives in the group's
 * state row (≤ 2 MB), so it is bounded; values past it count as errors, not as distinct.
 */
export const COUNT_DISTINCT_VALUES_MAX = 10_000;

/**
 * Hopping windows one record falls in (SIZE / ADVANCE BY): each is a state row written per
 * record, so a 1-day window advancing by 1 ms is refused at CREATE instead of stalling.
 */
export const WINDOWS_PER_RECORD_MAX = 100;

/** Input records a query processor takes in one transaction: one fetch's default worth. */
export const PROCESSOR_BATCH_RECORDS_MAX = 500;

/**
 * Batches one run of a processor takes before it yields: a run is driven by a request, so it
 * is bounded; the next run continues from the stored offset.
 */
export const PROCESSOR_BATCHES_PER_RUN_MAX = 20;

/** Newest records per topic sampled for its fields when a query is checked (the contract's 100). */
export const QUERY_FIELD_SAMPLE_RECORDS = 100;

/** Rows one pull query answers; a pull query reads state, it is not an export. */
export const PULL_QUERY_ROWS_MAX = 10_000;
// Append watches and push subscriptions (design/delivery.md): one contiguous block.

/**
 * Objects one partition keeps an append watch for. Each watcher holds one row (re-arming
 * replaces it), and every armed watch is woken on an advance: the bound keeps that fan-out, and
 * the rows a replica carries, small.
 */
export const APPEND_WATCHES_MAX = 1_000;

/** Objects the catalog wakes on a topic's leader change: the same bound, for the same reason. */
export const TOPIC_WATCHERS_MAX = 1_000;

// The Kafka protocol gateway (src/kafka, design/kafka-gateway.md): one contiguous block.

/**
 * A Kafka request frame. Produce batches become one edgelog request of at most
 * REQUEST_BYTES_MAX of JSON; binary records grow by a third in base64, so twice that in
 * Kafka's bytes is already past what edgelog accepts. Kafka's own socket.request.max.bytes is
 * 100 MB; a length prefix past this closes the connection before any byte is buffered.
 */
export const KAFKA_FRAME_BYTES_MAX = 2 * REQUEST_BYTES_MAX;

/**
 * What one compressed record batch may expand to: a produce request can never carry more than
 * edgelog's request limit of records, so a bigger expansion is a compression bomb.
 */
export const KAFKA_DECOMPRESSED_BYTES_MAX = 4 * KAFKA_FRAME_BYTES_MAX;

/**
 * Client connections one gateway holds (Kafka's max.connections is unbounded by default). Each
 * may buffer a frame and run KAFKA_IN_FLIGHT_PER_CONNECTION_MAX requests; 1,000 keeps the
 * worst case of buffered frames bounded on a small VM.
 */
export const KAFKA_CONNECTIONS_MAX = 1_000;

/**
 * Requests one connection may have in flight before the gateway stops reading from it
 * (backpressure, not an error). librdkafka's and the Java client's
 * max.in.flight.requests.per.connection default to 5; answers still go out in request order.
 */
export const KAFKA_IN_FLIGHT_PER_CONNECTION_MAX = 5;

/** A Fetch's MaxWaitMs is cut to edgelog's long-poll bound (fetch.max.wait.ms is 500 ms). */
export const KAFKA_FETCH_WAIT_MS_MAX = LONG_POLL_MS_MAX;

/**
 * Pages one connection reads ahead (read-ahead.ts), one per partition: a consumer assigned
 * more partitions than this gets read-ahead on the ones it fetched last. Each is at most a
 * fetch's bytes (FETCH_BYTES_MAX), so this bounds a connection's read-ahead memory.
 */
export const KAFKA_READ_AHEAD_PARTITIONS_MAX = 16;

/**
 * A page read ahead older than this is read afresh: the high watermark it carries would be
 * stale, and a consumer that paused for longer gains nothing from it anyway.
 */
export const KAFKA_READ_AHEAD_MS_MAX = 1_000;

/** Topic ids (Fetch v13 names topics by id) a gateway remembers; the oldest are forgotten. */
export const TOPIC_IDS_REMEMBERED_MAX = 10_000;

// --- Metrics (design/observability.md) ---

/**
 * Per-minute activity rows a partition keeps: 24 h (the longest history the API serves) plus
 * the minute in progress. Older rows fold into the partition's totals.
 */
export const ACTIVITY_MINUTES_KEPT = 1_441;

/** `minutes` of GET /v1/topics/:t/activity and lag-history: 1..this (24 h). */
export const HISTORY_MINUTES_MAX = 1_440;

/** `minutes` when a history request names none: the last hour, as the console charts it. */
export const HISTORY_MINUTES_DEFAULT = 60;

/**
 * How long fetch counts and produce latencies may wait in a partition's memory for a write to
 * ride on: a fetch never pays a write of its own, and a crash loses at most this much of them.
 */
export const METRICS_FLUSH_MS = 5_000;

/** Upper bounds (seconds) of the produce latency histogram: 1 ms (a local append) to 10 s. */
export const PRODUCE_DURATION_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** EDGELOG_METRICS_SAMPLE_MS when unset: Kafka exporters' usual one-minute resolution. */
export const LAG_SAMPLE_MS_DEFAULT = 60_000;

/** The shortest sample interval a config may ask for: each sample asks every partition. */
export const LAG_SAMPLE_MS_MIN = 1_000;

/** Lag samples a group keeps: 24 h and one sample (the history API serves up to 24 h). */
export const LAG_HISTORY_MS = 24 * 60 * 60 * 1_000 + 60_000;

/** Partitions (and groups) one scrape asks at once: bounded so a scrape cannot flood objects. */
export const SCRAPE_FANOUT_MAX = 16;

/**
 * A scrape answers within this: what has not answered by then is left out and reported by
 * `edgelog_scrape_partial 1`. Under Prometheus' default scrape timeout of 10 s.
 */
export const SCRAPE_MS_MAX = 8_000;

// Share groups (design/delivery.md): queue semantics over a topic, leases and acks.

/** A lease's length by default: Kafka's group.share.record.lock.duration.ms. */
export const SHARE_LEASE_MS_DEFAULT = 30_000;
/** Short leases are for tests and fast workers; below this, a slow network alone expires them. */
export const SHARE_LEASE_MS_MIN = 100;
/** A record held longer than this is better released and leased again (Kafka caps at 1 h). */
export const SHARE_LEASE_MS_MAX = 3_600_000;

/** Deliveries before a record is archived by default: Kafka's group.share.delivery.count.limit. */
export const SHARE_DELIVERY_ATTEMPTS_DEFAULT = 5;
/** Past this a poison record only burns work: it should reach the dead-letter topic. */
export const SHARE_DELIVERY_ATTEMPTS_MAX = 100;

/**
 * In-flight records per share partition: the records between the share-partition start offset
 * and the next offset never leased (leased, released, or done but above an unfinished one), plus
 * dead letters not yet written. Kafka's group.share.partition.max.record.locks is 2000; past it,
 * leases wait for acks. It bounds the object's rows per partition and so its SQLite work.
 */
export const SHARE_IN_FLIGHT_RECORDS_MAX = 2_000;

/** Records one records request may lease: as many as a fetch returns at most by default. */
export const SHARE_RECORDS_PER_REQUEST_DEFAULT = 100;
export const SHARE_RECORDS_PER_REQUEST_MAX = 1_000;

/** Acks in one request: one per leased record of the largest records answer. */
export const SHARE_ACKS_PER_REQUEST_MAX = 1_000;

/**
 * Bytes of records one read from a partition brings into the share group's object. Records wait
 * there only until leased, so memory stays near this per partition (an object has 128 MB).
 */
export const SHARE_READ_BYTES_MAX = 1 * MiB;

/** Topics one share group reads; its description lists every partition of each. */
export const SHARE_GROUP_TOPICS_MAX = 64;

/** Dead letters written in one idempotent produce: a batch well under the request limits. */
export const SHARE_DEAD_LETTERS_PER_BATCH_MAX = 100;

/** Retry of dead letters whose topic cannot be written now: doubling from min to max. */
export const SHARE_DEAD_LETTER_RETRY_MS_MIN = 1_000;
export const SHARE_DEAD_LETTER_RETRY_MS_MAX = 60_000;
/** A push delivery's records: the contract's default, and at most a fetch's worth. */
export const SUBSCRIPTION_BATCH_RECORDS_DEFAULT = 100;
export const SUBSCRIPTION_BATCH_RECORDS_MAX = 1_000;

/** A push delivery's record bytes: 1 MiB by default; at most a request's worth (4 MiB). */
export const SUBSCRIPTION_BATCH_BYTES_DEFAULT = 1_048_576;
export const SUBSCRIPTION_BATCH_BYTES_MAX = 4_194_304;

/**
 * How long an endpoint may take to answer a delivery. At most 30 s: a Durable Object's request
 * may wait on a fetch that long, and longer would hold the partition's only batch in flight.
 */
export const SUBSCRIPTION_TIMEOUT_MS_DEFAULT = 10_000;
export const SUBSCRIPTION_TIMEOUT_MS_MAX = 30_000;
/** Below this, a delivery across the Internet would mostly time out. */
export const SUBSCRIPTION_TIMEOUT_MS_MIN = 100;

/** Attempts per batch before it is dead-lettered (the first one included). */
export const SUBSCRIPTION_ATTEMPTS_DEFAULT = 8;
export const SUBSCRIPTION_ATTEMPTS_MAX = 100;

/** The first retry's wait, doubled per attempt up to backoffMsMax (one day at most). */
export const SUBSCRIPTION_BACKOFF_MS_DEFAULT = 1_000;
export const SUBSCRIPTION_BACKOFF_MS_MAX_DEFAULT = 600_000;
export const SUBSCRIPTION_BACKOFF_MS_LIMIT = 86_400_000;
/** Shorter retries would hammer a failing endpoint; tests use this floor. */
export const SUBSCRIPTION_BACKOFF_MS_MIN = 10;

/** An endpoint URL's length: a URL longer than this is a mistake, not an address. */
export const SUBSCRIPTION_URL_CHARS_MAX = 2_048;

/** A signing secret's length (HMAC-SHA256 hashes longer keys first; 256 is plenty). */
export const SUBSCRIPTION_SECRET_CHARS_MAX = 256;

/** Subscriptions per topic: each one watches every partition, and the catalog wakes each. */
export const SUBSCRIPTIONS_PER_TOPIC_MAX = 100;

/** A failure's text kept in a subscription's description (a longer message is cut). */
export const SUBSCRIPTION_ERROR_CHARS_MAX = 200;

// The classic group protocol (JoinGroup/SyncGroup over HTTP, issue 17).

/**
 * How long a classic join waits for the join phase to end, at most. The phase ends within the
 * group's rebalance timeout, which may be longer (up to REBALANCE_TIMEOUT_MS_MAX): a join still
 * waiting after 5 minutes (Kafka's default max.poll.interval.ms) answers REBALANCE_IN_PROGRESS
 * and the member joins again with its member id, losing nothing.
 */
export const CLASSIC_JOIN_WAIT_MS_MAX = 300_000;

/**
 * A member's protocol metadata (all its protocols together), decoded bytes. A consumer's
 * subscription (topics, owned partitions, sticky user data) is a few KiB; the leader's join
 * answer carries every member's, so 256 members stay within a few MiB.
 */
export const CLASSIC_METADATA_BYTES_MAX = 32 * KiB;

/** Protocols (assignors) one member offers; Kafka clients offer one to three. */
export const CLASSIC_PROTOCOLS_MAX = 16;

/** A protocol type or protocol name ("consumer", "cooperative-sticky", …). */
export const CLASSIC_PROTOCOL_NAME_CHARS_MAX = 249;

/** One member's assignment from the leader, decoded bytes (the request limit bounds the sum). */
export const CLASSIC_ASSIGNMENT_BYTES_MAX = 256 * KiB;

/**
 * KIP-848 members whose owned partitions one Kafka gateway remembers (ConsumerGroupHeartbeat
 * sends them only when they change). A cache: a member it forgot costs one group describe.
 */
export const KAFKA_OWNED_REMEMBERED_MAX = 10_000;
