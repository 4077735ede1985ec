// Request metrics to Workers Analytics Engine (gateway/analytics.ts): with the EDGELOG_ANALYTICS
// binding, every request, refused ones included, writes one data point with the route's pattern
// and topic. Miniflare's local dataset discards points, so the dataset here records them; the
// app, its routing and its Durable Objects are the real ones.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DataPoint } from "../../src/metrics/request-point.js";
import { app } from "../../workers/gateway/app.js";
import { uniqueTopic } from "../support/api.js";
import { api } from "../support/workerd-api.js";

describe("request analytics", () => {
  it("writes a data point per request with method, route pattern, status and topic", async () => {
    const topic = uniqueTopic();
    await api.createTopic(topic);
    const points: DataPoint[] = [];
    const recording = {
      ...env,
      EDGELOG_ANALYTICS: { writeDataPoint: (p: DataPoint) => points.push(p) },
    };
    const described = await app.request(`http://edgelog.test/v1/topics/${topic}`, {}, recording);
    expect(described.status).toBe(200);
    const missing = await app.request("http://edgelog.test/v1/nothing", {}, recording);
    expect(missing.status).toBe(404);
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({
      indexes: [topic],
      blobs: ["GET", "/v1/topics/:topic", "200", topic],
    });
    expect(points[0]?.doubles[0]).toBeGreaterThanOrEqual(0);
    expect(points[0]?.doubles[1]).toBe(200);
    expect(points[1]).toMatchObject({ blobs: ["GET", expect.any(String), "404", ""] });
  });

  it("writes nothing without the binding", async () => {
    const answer = await app.request("http://edgelog.test/v1/topics", {}, env);
    expect(answer.status).toBe(200);
  });
});
