// The layering of DESIGN.md §1 as a table of import rules, and the check of a source tree
// against it. Pure (no Node APIs), so the unit test runs it inside workerd on a fixture tree;
// scripts/check-imports.mjs feeds it the real src/ and workers/ in `npm run lint`.

/** Core folders sit below service/ and beside each other: any src/ folder not named here. */
const NOT_CORE = ["src/protocol/", "src/service/", "src/client/", "src/cli/", "src/kafka/"];

/**
 * Each rule: the files it governs (path prefixes, minus `except`), what they may import
 * (`allow`: every import must match one) and may not (`deny`). A target is a repository path for
 * a relative import ("src/log/sql.js") and the specifier itself for a package ("hono/cors",
 * "node:fs", "cloudflare:workers"). `why` is the message a violation prints.
 */
export const IMPORT_RULES = [
  {
    files: ["src/"],
    deny: ["workers/", "hono", "cloudflare:"],
    why: "src/ is the platform-free core: nothing from Hono, the platform or workers/",
  },
  {
    files: ["src/protocol/"],
    allow: ["src/protocol/"],
    why: "protocol/ is the wire contract shared by server, SDK and CLI: it imports nothing else",
  },
  {
    files: ["src/client/"],
    allow: ["src/client/", "src/protocol/"],
    why: "client/ (the SDK, fetch only) imports only protocol/",
  },
  {
    files: ["src/cli/"],
    allow: ["src/cli/", "src/client/", "src/protocol/", "src/kafka/", "node:"],
    why: "cli/ is built on client/: it imports client/, protocol/, kafka/ (the gateway command) and Node's builtins",
  },
  {
    files: ["src/kafka/"],
    allow: ["src/kafka/", "src/client/", "src/protocol/", "node:", "lz4js", "snappyjs"],
    why: "kafka/ runs in Node and talks to edgelog through client/ and protocol/, never server internals (its packages: the two pure-JavaScript compression codecs)",
  },
  {
    files: ["src/service/"],
    allow: ["src/"],
    deny: ["src/client/", "src/cli/", "src/kafka/"],
    why: "service/ calls core folders and objects' RPC: no packages, no SDK",
  },
  {
    files: ["src/"],
    except: NOT_CORE,
    allow: ["src/"],
    deny: ["src/service/", "src/client/", "src/cli/", "src/kafka/"],
    why: "core folders sit below service/ (routes → service → core): no packages, no service/",
  },
  {
    files: ["workers/gateway/"],
    deny: ["src/log/", "src/replication/", "src/catalog/", "src/groups/", "src/webhooks/"],
    why: "the gateway reaches the stores only through service/ and the objects' RPC",
  },
  {
    files: ["console/"],
    allow: ["console/", "src/client/", "src/protocol/", "uplot"],
    why: "console/ runs in browsers, the API its only backend: the SDK, wire types and uPlot",
  },
  {
    files: ["workers/objects/"],
    deny: ["src/service/", "workers/gateway/", "hono"],
    why: "objects hold no HTTP code and sit below service/, which calls them",
  },
];

/** "hono" matches "hono" and "hono/cors"; "src/log/" and "node:" match by prefix. */
function matches(target, prefix) {
  if (prefix.endsWith("/") || prefix.endsWith(":")) return target.startsWith(prefix);
  return target === prefix || target.startsWith(`${prefix}/`);
}

/** `specifier` as imported by the file at `path`: a repository path, or a package name. */
export function importTarget(path, specifier) {
  if (!specifier.startsWith(".")) return specifier;
  const parts = path.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

/**
 * The tokens of TypeScript source that matter for imports: words, string literals and single
 * punctuators, each with its line. Comments, template text and regular expressions are skipped,
 * so an import quoted in a comment or a string is not one.
 */
function tokenize(text) {
  const tokens = [];
  const templateDepths = []; // brace depth at which each open `${` resumes its template
  let depth = 0;
  let line = 1;
  let i = 0;
  const skipTemplate = () => {
    // From just inside a template (after ` or }) to its end or its next `${`.
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") line++;
      else if (c === "\\" && text[++i] === "\n") line++;
      else if (c === "`") {
        i++;
        return;
      } else if (c === "$" && text[i + 1] === "{") {
        templateDepths.push(depth);
        depth++;
        i += 2;
        return;
      }
    }
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] === "\n") line++;
    } else if (c === '"' || c === "'") {
      let value = "";
      for (i++; i < text.length && text[i] !== c && text[i] !== "\n"; i++) {
        if (text[i] === "\\") i++;
        value += text[i];
      }
      i++;
      tokens.push({ kind: "string", value, line });
    } else if (c === "`") {
      i++;
      skipTemplate();
      tokens.push({ kind: "template", value: "`", line });
    } else if (c === "/" && startsExpression(tokens.at(-1))) {
      // A regular expression literal: skip it, minding classes ([/]) and escapes.
      let inClass = false;
      for (i++; i < text.length && text[i] !== "\n"; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "[") inClass = true;
        else if (text[i] === "]") inClass = false;
        else if (text[i] === "/" && !inClass) break;
      }
      i++;
      while (/\w/.test(text[i] ?? "")) i++;
      tokens.push({ kind: "regex", value: "/", line });
    } else if (/[\w$]/.test(c)) {
      const start = i;
      while (/[\w$]/.test(text[i] ?? "")) i++;
      tokens.push({ kind: "word", value: text.slice(start, i), line });
    } else {
      i++;
      if (c === "{") depth++;
      if (c === "}") {
        depth--;
        if (templateDepths.at(-1) === depth) {
          templateDepths.pop();
          skipTemplate();
          continue;
        }
      }
      tokens.push({ kind: "punct", value: c, line });
    }
  }
  return tokens;
}

/** A `/` after this token starts a regular expression, not a division. */
function startsExpression(previous) {
  if (previous === undefined) return true;
  if (previous.kind === "word") return KEYWORDS_BEFORE_EXPRESSION.has(previous.value);
  if (previous.kind === "punct") return !")]}".includes(previous.value);
  return false;
}

/**
 * Every module specifier in `text`, with its line: `import … from "x"`, `import "x"`,
 * `export … from "x"`, `import("x")` (a dynamic import of a computed name cannot be checked
 * and is reported as the specifier "<dynamic>").
 */
export function findImports(text) {
  const tokens = tokenize(text);
  const found = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.kind !== "word" || (token.value !== "import" && token.value !== "export")) continue;
    if (tokens[k - 1]?.value === ".") continue; // a property named import
    const next = tokens[k + 1];
    if (token.value === "import" && next?.value === "(") {
      const argument = tokens[k + 2];
      const literal = argument?.kind === "string" && tokens[k + 3]?.value === ")";
      found.push({ specifier: literal ? argument.value : "<dynamic>", line: token.line });
      continue;
    }
    if (token.value === "import" && next?.kind === "string") {
      found.push({ specifier: next.value, line: next.line });
      continue;
    }
    // A declaration: its specifier follows `from`, before the statement's end.
    for (let j = k + 1; j < tokens.length; j++) {
      const t = tokens[j];
      if (t.value === ";" || t.value === "=" || t.value === "(") break;
      if (t.kind === "word" && t.value === "from" && tokens[j + 1]?.kind === "string") {
        found.push({ specifier: tokens[j + 1].value, line: tokens[j + 1].line });
        break;
      }
      if (t.kind === "word" && !["type", "as", "from", "default"].includes(t.value)) {
        // `export const x`, `export function f`: no specifier; `import x from`: read on.
        if (token.value === "export" && j === k + 1) break;
      }
    }
  }
  return found;
}

/** Why `target`, imported by `path`, breaks a rule; null when every rule that governs allows it. */
export function ruleBroken(path, target, rules = IMPORT_RULES) {
  for (const rule of rules) {
    if (!rule.files.some((prefix) => matches(path, prefix))) continue;
    if (rule.except?.some((prefix) => matches(path, prefix))) continue;
    const allowed = rule.allow === undefined || rule.allow.some((p) => matches(target, p));
    const denied = rule.deny?.some((p) => matches(target, p)) ?? false;
    if (!allowed || denied) return rule.why;
  }
  return null;
}

/**
 * Every import in `files` (repository path → source text) that breaks a rule, as
 * `path:line: imports "specifier": why`, in path order.
 */
export function checkImports(files, rules = IMPORT_RULES) {
  const violations = [];
  for (const path of [...files.keys()].sort()) {
    for (const { specifier, line } of findImports(files.get(path))) {
      const why = ruleBroken(path, importTarget(path, specifier), rules);
      if (why !== null) violations.push(`${path}:${line}: imports "${specifier}": ${why}`);
    }
  }
  return violations;
}
