// The `edgelog` command: global options (`--url`, `--token`, `--json`, their EDGELOG_URL and
// EDGELOG_TOKEN variables; before or after the command), dispatch to one file per subcommand,
// and every failure as one line on stderr: `edgelog: CODE: message` for the server's errors
// (exit 1), usage mistakes exit 2. The SDK's log lines (retries, recoveries) are one line each.
import { parseArgs } from "node:util";
import { Edgelog, EdgelogClientError } from "../client/index.js";
import { CommandLineError, GLOBAL_OPTIONS, splitCommandLine } from "./argv.js";
import { type CliContext, type Command, type OptionValues, UsageError } from "./command.js";
import { consumeCommand } from "./consume.js";
import { groupsCommand } from "./groups.js";
import { kafkaGatewayCommand } from "./kafka-gateway.js";
import { cliLogger } from "./log.js";
import { Output, type Writable } from "./output.js";
import { produceCommand } from "./produce.js";
import { queriesCommand } from "./queries.js";
import { queryCommand } from "./query.js";
import { shareGroupsCommand } from "./share-groups.js";
import { subscriptionsCommand } from "./subscriptions.js";
import { tailCommand } from "./tail.js";
import { topCommand } from "./top.js";
import { topicsCommand } from "./topics.js";

const DEFAULT_URL = "http://localhost:8787";

const COMMANDS: Record<string, Command> = {
  topics: topicsCommand,
  produce: produceCommand,
  consume: consumeCommand,
  tail: tailCommand,
  groups: groupsCommand,
  top: topCommand,
  "kafka-gateway": kafkaGatewayCommand,
  "share-groups": shareGroupsCommand,
  query: queryCommand,
  queries: queriesCommand,
  subscriptions: subscriptionsCommand,
};

const GLOBAL_USAGE = `Global options (before or after the command):
  --url URL      where edgelog serves (env EDGELOG_URL; default ${DEFAULT_URL})
  --token TOKEN  an access or admin token (env EDGELOG_TOKEN)
  --json         machine-readable output: one JSON document a line
  -h, --help     this help
  --version      the CLI's version`;

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  /** Aborts on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** The CLI's version (`--version`), read only when asked for. */
  version: () => string;
}

/** Runs one command line; resolves with the process's exit status. */
export async function main(io: CliIo): Promise<number> {
  let line: ReturnType<typeof splitCommandLine>;
  try {
    line = splitCommandLine(io.argv);
  } catch (err) {
    if (!(err instanceof CommandLineError)) throw err;
    io.stderr.write(`edgelog: ${err.message}\nRun "edgelog --help" for usage.\n`);
    return 2;
  }
  const name = line.command;
  const command = name === null ? undefined : COMMANDS[name];
  if (command === undefined) return withoutCommand(io, name, line.args);
  const stopped = new AbortController();
  io.signal.addEventListener("abort", () => stopped.abort(), { once: true });
  const out = new Output(io.stdout, io.stderr, () => stopped.abort());
  let url = urlOf(io, {});
  try {
    const { args, values } = parse(command, line.args);
    url = urlOf(io, values);
    if (values.help === true) {
      io.stdout.write(`usage: ${command.usage}\n\n${GLOBAL_USAGE}\n`);
      return 0;
    }
    if (values.version === true) {
      io.stdout.write(`edgelog ${io.version()}\n`);
      return 0;
    }
    await command.run(contextFor(io, values, out, stopped.signal), args, values);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`edgelog ${name}: ${err.message}\nRun "edgelog ${name} --help" for usage.\n`);
      return 2;
    }
    io.stderr.write(`edgelog: ${errorLine(err, url)}\n`);
    return 1;
  }
}

/**
 * No command, or an unknown one: the overview (on stdout when asked for with --help or by
 * `edgelog` alone), the version, or a usage error.
 */
function withoutCommand(io: CliIo, name: string | null, args: string[]): number {
  if (name === null && args.includes("--version")) {
    io.stdout.write(`edgelog ${io.version()}\n`);
    return 0;
  }
  const help = args.includes("--help") || args.includes("-h");
  if (name === null && (help || args.length === 0)) {
    io.stdout.write(`${overview()}\n`);
    return 0;
  }
  const problem = name === null ? "missing command" : `unknown command "${name}"`;
  io.stderr.write(`edgelog: ${problem}\n\n${overview()}\n`);
  return 2;
}

function parse(command: Command, args: string[]): { args: string[]; values: OptionValues } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { args: parsed.positionals, values: parsed.values as OptionValues };
  } catch (err) {
    // node:util's messages name the option and what is wrong with it.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function contextFor(io: CliIo, values: OptionValues, out: Output, signal: AbortSignal): CliContext {
  const url = urlOf(io, values);
  const token = typeof values.token === "string" ? values.token : io.env.EDGELOG_TOKEN;
  // "info": retries as warnings, then their recovery; nothing at all for a command that runs well.
  const logging = { logger: cliLogger(out), logLevel: "info" } as const;
  const edgelog = new Edgelog(
    token === undefined || token === "" ? { url, ...logging } : { url, token, ...logging },
  );
  return {
    edgelog,
    admin: edgelog.admin(),
    url,
    token: token === undefined || token === "" ? undefined : token,
    out,
    json: values.json === true,
    stdin: io.stdin,
    stderrIsTty: io.stderr.isTTY === true,
    signal,
  };
}

function urlOf(io: CliIo, values: OptionValues): string {
  if (typeof values.url === "string") return values.url;
  return io.env.EDGELOG_URL || DEFAULT_URL;
}

/** The server's code and message; for an unreachable server, where it was looked for. */
function errorLine(err: unknown, url: string): string {
  if (err instanceof EdgelogClientError) {
    const hint = err.status === 0 ? ` (is edgelog running at ${url}?)` : "";
    return `${err.message}${hint}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `usage: edgelog <command> [options]\n\nCommands:\n${lines.join("\n")}\n\n${GLOBAL_USAGE}\n\nRun "edgelog <command> --help" for a command's options.`;
}
