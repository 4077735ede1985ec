// Authentication as `wrangler dev` serves it: open with a warning in development without an
// admin token, closed with one (a deployment without one: first-run.test.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Api } from "../support/api.js";
import { eventually } from "../support/eventually.js";
import { freePort, WranglerDev } from "../support/wrangler-dev.js";

async function withWranglerDev(
  vars: Record<string, string>,
  check: (dev: WranglerDev, client: Api) => Promise<void>,
): Promise<void> {
  const persistTo = mkdtempSync(join(tmpdir(), "edgelog-auth-"));
  const dev = new WranglerDev(await freePort(), persistTo, vars);
  try {
    await dev.start();
    await check(dev, new Api((request) => fetch(request), dev.base));
  } finally {
    await dev.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

describe("auth under wrangler dev", () => {
  it("runs open with a clear warning when no admin token is set (npm start)", async () => {
    await withWranglerDev({}, async (dev, client) => {
      expect((await client.request("GET", "/v1/topics")).status).toBe(200);
      // Worker output reaches wrangler's a moment after the answer.
      await eventually("the open-server warning", async () =>
        dev.log.includes("EDGELOG_ADMIN_TOKEN is not set") ? true : undefined,
      );
    });
  });

  it("requires a bearer token once the admin token is set", async () => {
    const adminToken = "e2e-admin-token-0123456789";
    await withWranglerDev({ EDGELOG_ADMIN_TOKEN: adminToken }, async (_dev, client) => {
      expect((await client.request("GET", "/v1/topics")).status).toBe(401);
      const admin = await client.request("GET", "/v1/topics", undefined, {
        authorization: `Bearer ${adminToken}`,
      });
      expect(admin.status).toBe(200);
    });
  });
});
