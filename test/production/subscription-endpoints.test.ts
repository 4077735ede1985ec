// Outside a development run (EDGELOG_DEV=0, the "production" project), a push subscription's
// url must be https:// on a public host: http://, loopback, private, link-local and single-label
// hosts are refused with INVALID_REQUEST naming `url`, whatever their spelling.
import { describe, expect, it } from "vitest";
import { uniqueTopic } from "../support/api.js";
import { ADMIN_TOKEN, withToken } from "../support/auth.js";
import { expectError } from "../support/expect.js";
import { subscriptionPath } from "../support/subscriptions.js";
import { api as openApi } from "../support/workerd-api.js";

const api = withToken(openApi, ADMIN_TOKEN);

describe("push subscription endpoints in production", () => {
  it("refuses http:// and non-public hosts, accepts https:// on a public host", async () => {
    const topic = uniqueTopic();
    expect((await api.createTopic(topic)).status).toBe(201);
    const path = subscriptionPath(topic, "hook");
    for (const url of [
      "http://example.com/hook",
      "https://localhost/hook",
      "https://app.localhost/hook",
      "https://127.0.0.1/hook",
      "https://0x7f.1/hook",
      "https://2130706433/hook",
      "https://10.1.2.3/hook",
      "https://172.16.0.1/hook",
      "https://192.168.1.1/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/hook",
      "https://0.0.0.0/hook",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://intranet/hook",
      "https://printer.local/hook",
      "https://user:pass@example.com/hook",
    ]) {
      const error = expectError(await api.request("PUT", path, { url }), 400, "INVALID_REQUEST");
      expect({ url, details: error.error.details }).toMatchObject({
        url,
        details: { field: "url" },
      });
    }
    const accepted = await api.request("PUT", path, { url: "https://hooks.example.com/edgelog" });
    expect(accepted.status).toBe(201);
    expect((await api.request("DELETE", path)).status).toBe(204);
  });
});
