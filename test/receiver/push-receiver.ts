// A push-subscription receiver for the tests: a Node HTTP server (started by vitest's global
// setup, its URL handed to the workerd tests with `inject("pushReceiverUrl")`). Each test owns a
// path, `/r/<id>`, and scripts it: answers to give in turn, partitions that always fail, a secret
// to verify signatures with (Stripe's scheme, as a receiver would). It records every delivery.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ReceivedDelivery, ReceiverScript, ScriptedAnswer } from "./receiver-types.js";

interface Endpoint {
  script: ReceiverScript;
  deliveries: ReceivedDelivery[];
}

function verify(secret: string, header: string, body: string): boolean {
  const parts = new Map(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (t === undefined || v1 === undefined) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  return expected.length === v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(v1));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export function startPushReceiver(): Promise<{ url: string; server: Server }> {
  const endpoints = new Map<string, Endpoint>();
  const endpoint = (id: string) => {
    let found = endpoints.get(id);
    if (found === undefined) {
      found = { script: {}, deliveries: [] };
      endpoints.set(id, found);
    }
    return found;
  };
  const server = createServer(async (req, res) => {
    const match = /^\/(control|r)\/([A-Za-z0-9._-]+)$/.exec(req.url ?? "");
    if (match === null) return json(res, 404, { error: "no such path" });
    const [, kind, id] = match as unknown as [string, string, string];
    const body = await readBody(req);
    const target = endpoint(id);
    if (kind === "control") {
      if (req.method === "PUT") target.script = JSON.parse(body) as ReceiverScript;
      return json(res, 200, { deliveries: target.deliveries });
    }
    const parsed = JSON.parse(body) as { partition: number; records: Array<{ offset: number }> };
    const signature = req.headers["edgelog-signature"];
    const delivery: ReceivedDelivery = {
      deliveryId: (req.headers["edgelog-delivery-id"] as string | undefined) ?? null,
      signatureValid:
        typeof signature === "string" && target.script.secret !== undefined
          ? verify(target.script.secret, signature, body)
          : signature === undefined
            ? null
            : false,
      contentType: req.headers["content-type"] ?? null,
      partition: parsed.partition,
      offsets: parsed.records.map((r) => r.offset),
      body: parsed,
      answered: 200,
    };
    target.deliveries.push(delivery);
    const failing = target.script.failPartitions?.[String(parsed.partition)];
    const answer: ScriptedAnswer = target.script.answers?.shift() ?? { status: failing ?? 200 };
    if ("hang" in answer) {
      delivery.answered = "none";
      return; // never answered: the sender's timeout ends it
    }
    delivery.answered = answer.status;
    json(res, answer.status, { ok: answer.status < 300 });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, server });
      // Hung deliveries hold their sockets: close ends them (the sender gave up long before).
      server.on("close", () => server.closeAllConnections());
    });
  });
}
