// CORS in a development run without auth (this project: EDGELOG_DEV=1, no admin token): with
// EDGELOG_CORS_ORIGINS unset, pages on loopback origins (localhost, 127.0.0.1, [::1], any port)
// may read answers, so the README's browser examples work as written; no other origin may, and a
// listed EDGELOG_CORS_ORIGINS replaces the default.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../workers/env.js";
import { app } from "../../workers/gateway/app.js";

const LOOPBACK = [
  "http://localhost:5173",
  "http://127.0.0.1:3000",
  "http://[::1]:8080",
  "http://localhost",
  "https://localhost:8443",
];
const OTHERS = [
  "https://evil.example",
  "http://localhost.evil.example:5173",
  "http://127.0.0.1.evil.example",
  "http://192.168.1.20:5173",
  "null",
];

/** Calls the gateway with this project's env, some vars replaced (a fresh config each time). */
async function call(vars: Partial<Env>, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...(env as unknown as Env), ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function get(origin: string): Request {
  return new Request("http://edgelog.test/v1/topics", { headers: { origin } });
}

function preflight(origin: string): Request {
  return new Request("http://edgelog.test/v1/topics/orders/partitions/0/records", {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "GET",
      "access-control-request-headers": "last-event-id",
    },
  });
}

const UNSET: Partial<Env> = { EDGELOG_CORS_ORIGINS: undefined };

describe("CORS in a development run", () => {
  it("lets pages on loopback origins read answers when EDGELOG_CORS_ORIGINS is unset", async () => {
    for (const origin of LOOPBACK) {
      const answer = await call(UNSET, get(origin));
      expect(answer.status, origin).toBe(200);
      expect(answer.headers.get("access-control-allow-origin"), origin).toBe(origin);
      const pre = await call(UNSET, preflight(origin));
      expect(pre.status, origin).toBe(204);
      expect(pre.headers.get("access-control-allow-origin"), origin).toBe(origin);
      expect(pre.headers.get("access-control-allow-headers"), origin).toContain("last-event-id");
    }
  });

  it("grants no other origin by default", async () => {
    for (const origin of OTHERS) {
      const answer = await call(UNSET, get(origin));
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
      const pre = await call(UNSET, preflight(origin));
      expect(pre.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("follows EDGELOG_CORS_ORIGINS alone once it is set", async () => {
    const listed = { EDGELOG_CORS_ORIGINS: "https://app.example" };
    const app = await call(listed, get("https://app.example"));
    expect(app.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const local = await call(listed, get("http://localhost:5173"));
    expect(local.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps a deployment's rule: nothing unless listed", async () => {
    // Not a development run (and so with an admin token, as a deployment must have).
    const deployment = {
      ...UNSET,
      EDGELOG_DEV: "0",
      EDGELOG_ADMIN_TOKEN: "deploy-token-0123456789",
    };
    for (const origin of LOOPBACK) {
      const answer = await call(deployment, get(origin));
      expect(answer.status, origin).toBe(401);
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });
});
