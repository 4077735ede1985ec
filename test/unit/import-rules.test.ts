// The layering check of `npm run lint` (scripts/import-rules.mjs) on fixture trees: it passes the
// layout of DESIGN.md §1, names each import that breaks a rule, and reads imports as TypeScript
// does, so one quoted in a comment or a string neither hides nor fakes a violation.
import { describe, expect, it } from "vitest";
import { checkImports, findImports } from "../../scripts/import-rules.mjs";

/** A miniature of the real tree, every import in it allowed. */
const LAYERED: Record<string, string> = {
  "src/protocol/limits.ts": "export const RECORD_BYTES_MAX = 1;\n",
  "src/protocol/errors.ts": 'import { RECORD_BYTES_MAX } from "./limits.js";\n',
  "src/log/sql.ts": 'import type { X } from "../protocol/errors.js";\n',
  "src/replication/isr.ts": 'import { migrate } from "../log/sql.js";\n',
  "src/service/produce.ts": [
    'import { isr } from "../replication/isr.js";',
    'export { RECORD_BYTES_MAX } from "../protocol/limits.js";',
  ].join("\n"),
  "src/client/producer.ts": 'import * as limits from "../protocol/limits.js";\n',
  "src/cli/main.ts": [
    'import { readFileSync } from "node:fs";',
    'import { Producer } from "../client/producer.js";',
  ].join("\n"),
  "workers/gateway/routes/records.ts": [
    'import { Hono } from "hono";',
    'import { produce } from "../../../src/service/produce.js";',
    'import { may } from "../../../src/auth/principal.js";',
  ].join("\n"),
  "workers/objects/partition-replica.ts": [
    'import { DurableObject } from "cloudflare:workers";',
    'import { ReplicaNode } from "../../src/replication/replica-node.js";',
  ].join("\n"),
};

function check(extra: Record<string, string>): string[] {
  return checkImports(new Map(Object.entries({ ...LAYERED, ...extra })));
}

describe("import rules", () => {
  it("passes a tree that keeps the layering", () => {
    expect(check({})).toEqual([]);
  });

  it("refuses Workers code, Hono and the platform in src/", () => {
    expect(
      check({
        "src/log/store.ts": [
          "// The store.",
          'import type { Env } from "../../workers/env.js";',
          'import { DurableObject } from "cloudflare:workers";',
          'import { Hono } from "hono";',
        ].join("\n"),
      }),
    ).toEqual([
      'src/log/store.ts:2: imports "../../workers/env.js": src/ is the platform-free core: nothing from Hono, the platform or workers/',
      'src/log/store.ts:3: imports "cloudflare:workers": src/ is the platform-free core: nothing from Hono, the platform or workers/',
      'src/log/store.ts:4: imports "hono": src/ is the platform-free core: nothing from Hono, the platform or workers/',
    ]);
  });

  it("keeps the console on the SDK, the wire types and uPlot", () => {
    const allowed = {
      "console/pages/topic.ts": [
        'import uPlot from "uplot";',
        'import { Edgelog } from "../../src/client/index.js";',
        'import type { TopicDescription } from "../../src/protocol/types.js";',
        'import { get } from "../lib/api.js";',
      ].join("\n"),
    };
    expect(check(allowed)).toEqual([]);
    const why =
      "console/ runs in browsers, the API its only backend: the SDK, wire types and uPlot";
    expect(
      check({
        "console/pages/group.ts": [
          'import { describeTopic } from "../../src/service/topics.js";',
          'import { Hono } from "hono";',
        ].join("\n"),
      }),
    ).toEqual([
      `console/pages/group.ts:1: imports "../../src/service/topics.js": ${why}`,
      `console/pages/group.ts:2: imports "hono": ${why}`,
    ]);
  });

  it("keeps protocol/ alone, client/ on protocol/, cli/ on client/", () => {
    expect(
      check({
        "src/protocol/types.ts": 'import { x } from "../log/sql.js";\n',
        "src/client/admin.ts": 'import { produce } from "../service/produce.js";\n',
        "src/cli/topics.ts": 'import { TopicStore } from "../catalog/topic-store.js";\n',
      }),
    ).toEqual([
      'src/cli/topics.ts:1: imports "../catalog/topic-store.js": cli/ is built on client/: it imports client/, protocol/, kafka/ (the gateway command) and Node\'s builtins',
      'src/client/admin.ts:1: imports "../service/produce.js": client/ (the SDK, fetch only) imports only protocol/',
      'src/protocol/types.ts:1: imports "../log/sql.js": protocol/ is the wire contract shared by server, SDK and CLI: it imports nothing else',
    ]);
  });

  it("keeps kafka/ on client/ and protocol/: never the server's internals", () => {
    expect(
      check({
        "src/kafka/produce.ts": 'import { produce } from "../service/produce.js";\n',
        "src/kafka/fetch.ts": 'import { readBatches } from "../log/log-reads.js";\n',
        "src/kafka/codec.ts":
          'import * as lz4 from "lz4js";\nimport { gzipSync } from "node:zlib";\n',
        "src/kafka/session.ts": 'import { Edgelog } from "../client/edgelog.js";\n',
      }),
    ).toEqual([
      'src/kafka/fetch.ts:1: imports "../log/log-reads.js": kafka/ runs in Node and talks to edgelog through client/ and protocol/, never server internals (its packages: the two pure-JavaScript compression codecs)',
      'src/kafka/produce.ts:1: imports "../service/produce.js": kafka/ runs in Node and talks to edgelog through client/ and protocol/, never server internals (its packages: the two pure-JavaScript compression codecs)',
    ]);
  });

  it("keeps core folders below service/ and the gateway off the stores", () => {
    expect(
      check({
        "src/groups/assignors.ts": 'export { produce } from "../service/produce.js";\n',
        "src/beacons/events.ts": 'import { readFileSync } from "node:fs";\n',
        "workers/gateway/routes/topics.ts":
          'import { TopicStore } from "../../../src/catalog/topic-store.js";\n',
        "workers/objects/catalog.ts": 'import { topics } from "../../src/service/topics.js";\n',
      }),
    ).toEqual([
      'src/beacons/events.ts:1: imports "node:fs": core folders sit below service/ (routes → service → core): no packages, no service/',
      'src/groups/assignors.ts:1: imports "../service/produce.js": core folders sit below service/ (routes → service → core): no packages, no service/',
      'workers/gateway/routes/topics.ts:1: imports "../../../src/catalog/topic-store.js": the gateway reaches the stores only through service/ and the objects\' RPC',
      'workers/objects/catalog.ts:1: imports "../../src/service/topics.js": objects hold no HTTP code and sit below service/, which calls them',
    ]);
  });

  it("reads imports as TypeScript does: comments, strings, templates and regexes hide none", () => {
    const source = [
      '/* import { a } from "in-a-block-comment"; */',
      '// import { b } from "in-a-line-comment";',
      "const quoted = 'import { c } from \"in-a-string\"';",
      'const pattern = /^(?:"([^"]*)"|\\/)$/; // a regex with quotes and a slash',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text holding a template literal
      'const script = `import { d } from "in-a-template" ${quoted + `${"}"}`}`;',
      "const continued = `a line ending in an escaped newline \\",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text holding a template literal
      '${"and"} the next: import { e } from "in-a-template"`;',
      "import {",
      "  e,",
      "  type F,",
      '} from "./multi-line.js";',
      'import "./side-effect.js";',
      'export * as g from "./re-export.js";',
      'const h = await import("./dynamic.js");',
      "const i = await import(name);",
      "const meta = import.meta.url;",
      "export const j = 1;",
    ].join("\n");
    expect(findImports(source)).toEqual([
      { specifier: "./multi-line.js", line: 11 },
      { specifier: "./side-effect.js", line: 12 },
      { specifier: "./re-export.js", line: 13 },
      { specifier: "./dynamic.js", line: 14 },
      { specifier: "<dynamic>", line: 15 },
    ]);
  });
});
