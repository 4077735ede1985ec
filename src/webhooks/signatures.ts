// Webhook signature checks: GitHub (X-Hub-Signature-256), Stripe (Stripe-Signature, with a
// timestamp tolerance) and generic HMAC-SHA256. Comparison is crypto.subtle.verify: constant time.
import type { WebhookVerify } from "../protocol/webhook-config.js";

const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

async function hmacMatches(
  secret: string,
  data: Uint8Array<ArrayBuffer>,
  signatureHex: string,
): Promise<boolean> {
  const signature = hexToBytes(signatureHex);
  if (signature === null) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify("HMAC", key, signature, data);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Null when the delivery is authentic; otherwise why it is not (for the 401 message). */
export async function checkSignature(
  verify: WebhookVerify,
  header: (name: string) => string | null,
  body: Uint8Array<ArrayBuffer>,
  nowSec: number,
): Promise<string | null> {
  if (verify.type === "github") {
    const value = header("x-hub-signature-256");
    if (value === null) return "missing X-Hub-Signature-256";
    const ok =
      value.startsWith("sha256=") && (await hmacMatches(verify.secret, body, value.slice(7)));
    return ok ? null : "X-Hub-Signature-256 does not match";
  }
  if (verify.type === "stripe") {
    const value = header("stripe-signature");
    if (value === null) return "missing Stripe-Signature";
    const parts = value.split(",").map((part) => part.split("=", 2) as [string, string?]);
    const t = parts.find(([k]) => k === "t")?.[1];
    const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
    if (t === undefined || !/^\d{1,12}$/.test(t) || signatures.length === 0) {
      return "Stripe-Signature needs t= and v1=";
    }
    if (Math.abs(nowSec - Number(t)) > verify.toleranceSec)
      return "Stripe-Signature timestamp is stale";
    const signed = concat(encoder.encode(`${t}.`), body);
    for (const signature of signatures) {
      if (await hmacMatches(verify.secret, signed, signature)) return null;
    }
    return "Stripe-Signature does not match";
  }
  const value = header(verify.header);
  if (value === null) return `missing ${verify.header}`;
  const hex = value.startsWith("sha256=") ? value.slice(7) : value;
  return (await hmacMatches(verify.secret, body, hex)) ? null : `${verify.header} does not match`;
}
