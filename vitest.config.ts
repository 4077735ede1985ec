// Two projects: the protocol suite inside workerd (real worker, real Durable Objects, isolated
// storage per file), and end-to-end checks against a real `wrangler dev` process.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Fault injection on, for the replication and chaos tests; wrangler dev keeps it off.
            // A development run with auth off (a .dev.vars admin token must not leak in).
            // Browser apps on one origin may call the API (cors.test.ts).
            miniflare: {
              bindings: {
                EDGELOG_FAULTS: "1",
                EDGELOG_DEV: "1",
                EDGELOG_ADMIN_TOKEN: "",
                EDGELOG_CORS_ORIGINS: "https://app.example",
              },
            },
          }),
        ],
        test: {
          name: "workerd",
          include: ["test/workerd/**/*.test.ts", "test/unit/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Auth on: the admin token is set, as in a deployment.
            miniflare: {
              bindings: {
                EDGELOG_FAULTS: "1",
                EDGELOG_DEV: "1",
                EDGELOG_ADMIN_TOKEN: "test-admin-token-0123456789",
                EDGELOG_CORS_ORIGINS: "https://app.example",
              },
            },
          }),
        ],
        test: {
          name: "auth",
          include: ["test/auth/**/*.test.ts"],
          testTimeout: 60_000,
        },
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
