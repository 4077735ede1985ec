// Headless Chromium for browser tests (Debian's binary; CI installs it) and tiny page servers,
// each on its own port, so each is its own origin.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type Browser, chromium } from "playwright-core";
import { freePort } from "./wrangler-dev.js";

const CHROMIUM = "/usr/bin/chromium";

/** CI installs Chromium (.ci/run); a laptop without it skips browser tests, saying so. */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium)`);
}

/** `args` adds to the flags every browser test runs with (host resolver rules, for one). */
export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", ...args],
  });
}

/** Path → [content type, body]. */
export type PageFiles = Record<string, [string, string]>;

/**
 * Serves `files` on 127.0.0.1 at `port` (a free one when absent): its own origin, answered as
 * its URL. `host` names the origin a browser should use (`localhost`, or a name its host resolver
 * rules map to 127.0.0.1); the server is the same.
 */
export async function servePages(
  files: PageFiles,
  port?: number,
  host = "127.0.0.1",
): Promise<{ origin: string; server: Server }> {
  const listenOn = port ?? (await freePort());
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://page").pathname];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file[0] });
    response.end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(listenOn, "127.0.0.1", resolve));
  return { origin: `http://${host}:${listenOn}`, server };
}
