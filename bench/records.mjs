// The records the bench sends: plain 100-byte values, and "realistic" ones with a key, three
// headers and a JSON object value of about 300 bytes holding non-ASCII text.

/** The plain record's value: 100 ASCII characters, so 100 bytes of UTF-8. */
export const PLAIN_VALUE = "edgelog-bench-".padEnd(100, "0123456789");

/** Distinct keys among realistic records, as a keyed topic with a few hundred entities has. */
const REALISTIC_KEYS = 200;

/** Realistic record `i`: what an application's event looks like, not a benchmark string. */
export function realisticRecord(i) {
  const key = `customer-${(i % REALISTIC_KEYS).toString().padStart(5, "0")}`;
  return {
    key,
    headers: {
      "content-type": "application/json",
      "trace-id": `4bf92f3577b34da6a3ce929d0e0e${(4736 + i).toString(16).padStart(4, "0")}`,
      source: "checkout-service",
    },
    value: {
      type: "order.placed",
      orderId: `ord-${100_000 + i}`,
      customer: { id: key, name: "Zoë Dvořák", city: "München" },
      items: [
        { sku: "café-crème-250g", quantity: 2, priceCents: 1_299 },
        { sku: "日本茶-煎茶", quantity: 1, priceCents: 2_450 },
      ],
      note: "Livraison après 18h — merci ✓",
      totalCents: 5_048,
    },
  };
}

/** UTF-8 bytes a record carries: its value as JSON, its key, header names and values. */
export function recordBytes(record) {
  let bytes = Buffer.byteLength(JSON.stringify(record.value));
  if (record.key !== undefined) bytes += Buffer.byteLength(record.key);
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return bytes;
}

/**
 * A workload: `batch` records per request, plain or realistic. `records` are what one request
 * carries; `bytesPerRecord` their mean size, what MB/s counts; `redisFields` one record as the
 * field list of an XADD (redis-benchmark repeats one fixed command).
 */
export function workload(kind, batch) {
  const make = kind === "realistic" ? realisticRecord : () => ({ value: PLAIN_VALUE });
  const records = Array.from({ length: batch }, (_, i) => make(i));
  const total = records.reduce((sum, record) => sum + recordBytes(record), 0);
  const first = records[0];
  const redisFields = [];
  if (first.key !== undefined) redisFields.push("key", first.key);
  for (const [name, value] of Object.entries(first.headers ?? {})) {
    redisFields.push(`h:${name}`, value);
  }
  redisFields.push(
    "value",
    typeof first.value === "string" ? first.value : JSON.stringify(first.value),
  );
  return { kind, batch, records, bytesPerRecord: total / batch, redisFields };
}
