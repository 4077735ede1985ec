// Four projects: the protocol suite inside workerd (real worker, real Durable Objects, isolated
// storage per file) with auth off and with auth on, the Kafka gateway's codecs in Node, and
// end-to-end checks against a real `wrangler dev` process.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * A project whose tests run inside workerd against the real worker, with fault injection on
 * (the replication and chaos tests; wrangler dev keeps it off), as a development run, and with
 * browser apps on one origin allowed to call the API (cors.test.ts). `adminToken` "" is auth off
 * (a .dev.vars admin token must not leak in); a value turns auth on, as in a deployment.
 */
function workerdProject(
  name: string,
  include: string[],
  testTimeout: number,
  adminToken: string,
  dev: "0" | "1" = "1",
) {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        // The real entry plus WakeProbe, the watcher of the append-watch tests.
        main: "./test/workerd/test-worker.ts",
        miniflare: {
          durableObjects: { WAKE_PROBES: "WakeProbe" },
          bindings: {
            EDGELOG_FAULTS: "1",
            EDGELOG_DEV: dev,
            EDGELOG_ADMIN_TOKEN: adminToken,
            EDGELOG_CORS_ORIGINS: "https://app.example",
          },
        },
      }),
    ],
    test: { name, include, testTimeout, globalSetup: ["./test/receiver/global-setup.ts"] },
  };
}

export default defineConfig({
  test: {
    projects: [
      workerdProject(
        "workerd",
        ["test/workerd/**/*.test.ts", "test/unit/**/*.test.ts"],
        30_000,
        "",
      ),
      workerdProject("auth", ["test/auth/**/*.test.ts"], 60_000, "test-admin-token-0123456789"),
      // Not a development run (EDGELOG_DEV=0, so auth is on): what a deployment refuses.
      workerdProject(
        "production",
        ["test/production/**/*.test.ts"],
        30_000,
        "test-admin-token-0123456789",
        "0",
      ),
      {
        // The Kafka gateway's pure pieces (codecs), in Node where the gateway runs.
        test: { name: "kafka", include: ["test/kafka/**/*.test.ts"], environment: "node" },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
