// Cross-origin API calls from browser apps (EDGELOG_CORS_ORIGINS = https://app.example in this
// project): a preflight from a listed origin is allowed with the Authorization header, answers
// (errors too) carry the origin so the page can read them, and other origins get no grant.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Env, parseConfig } from "../../workers/env.js";
import { app } from "../../workers/gateway/app.js";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, createToken, withToken } from "../support/auth.js";
import { api } from "../support/workerd-api.js";

const admin = withToken(api, ADMIN_TOKEN);
const APP = "https://app.example";

function preflight(origin: string, method: string, path: string) {
  return api.raw("OPTIONS", path, {
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type",
    },
  });
}

describe("CORS for the API", () => {
  it("grants a listed origin's preflight the methods and headers the SDK sends", async () => {
    const answer = await preflight(APP, "POST", "/v1/topics/orders/records");
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(APP);
    expect(answer.headers.get("access-control-allow-methods")).toBe("GET,POST,PUT,PATCH,DELETE");
    expect(answer.headers.get("access-control-allow-headers")).toBe(
      "authorization,content-type,last-event-id,x-request-id",
    );
    expect(answer.headers.get("access-control-max-age")).toBe("86400");
    expect(answer.headers.get("vary")).toContain("Origin");
  });

  it("lets a listed origin read answers and errors; another origin gets no grant", async () => {
    const topic = uniqueTopic();
    await admin.createTopic(topic);
    const reader = await createToken(admin, [
      { resource: `topic:${topic}`, operations: ["consume"] },
    ]);
    const read = (origin: string, token: string | null) =>
      withToken(api, token).raw("GET", `/v1/topics/${topic}/partitions/0/records`, {
        headers: { origin },
      });
    const ok = await read(APP, reader.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP);
    expect(ok.headers.get("access-control-expose-headers")).toBe("retry-after,x-request-id");
    const refused = await read(APP, null);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    const other = await read("https://evil.example", reader.token);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const otherPreflight = await preflight("https://evil.example", "GET", "/v1/topics");
    expect(otherPreflight.headers.get("access-control-allow-origin")).toBeNull();
    // Without an Origin header (servers, the CLI) nothing changes.
    const plain = await withToken(api, reader.token).raw("GET", `/v1/topics/${topic}`);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("leaves the beacon routes' per-topic CORS alone", async () => {
    const answer = await preflight(APP, "POST", `/v1/track/${uniqueTopic()}`);
    expect(answer.headers.get("access-control-allow-methods")).not.toBe(
      "GET,POST,PUT,PATCH,DELETE",
    );
  });

  it("grants loopback pages nothing by default with auth on, in a development run too", async () => {
    // This project is a development run (EDGELOG_DEV=1) with an admin token: the loopback
    // default is for open development runs only.
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080"]) {
      const ctx = createExecutionContext();
      const answer = await app.fetch(
        new Request("http://edgelog.test/v1/topics", { headers: { origin } }),
        { ...(env as unknown as Env), EDGELOG_CORS_ORIGINS: undefined },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(answer.status, origin).toBe(401);
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("parses EDGELOG_CORS_ORIGINS once and refuses anything that is not an origin", () => {
    const config = (origins: string) =>
      parseConfig({ EDGELOG_CORS_ORIGINS: origins } as Parameters<typeof parseConfig>[0]);
    expect(config("").corsOrigins).toEqual([]);
    expect(config(" https://a.example , http://localhost:5173 ").corsOrigins).toEqual([
      "https://a.example",
      "http://localhost:5173",
    ]);
    expect(config("*").corsOrigins).toEqual(["*"]);
    for (const bad of ["a.example", "https://a.example/", "https://a.example/app", "ftp://a"]) {
      expect(() => config(bad), bad).toThrow(/EDGELOG_CORS_ORIGINS: .* is not an origin/);
    }
  });
});
