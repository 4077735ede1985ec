// vitest global setup of the workerd projects: the push receiver (push-receiver.ts) runs in Node
// beside workerd for the whole run; tests find it with `inject("pushReceiverUrl")`.
import type { TestProject } from "vitest/node";
import { startPushReceiver } from "./push-receiver.js";
import "./receiver-types.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { url, server } = await startPushReceiver();
  project.provide("pushReceiverUrl", url);
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}
