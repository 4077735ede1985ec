// What every subcommand of `edgelog` shares: its declaration (options, help), the context it
// runs in (client, output, stop signal) and the typed option readers that turn bad flags into
// one usage line instead of a request the server would refuse.
import type { ParseArgsOptionsConfig } from "node:util";
import type { Admin, Edgelog } from "../client/index.js";
import type { RecordFormat } from "./format.js";
import type { Output } from "./output.js";

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CliContext {
  edgelog: Edgelog;
  admin: Admin;
  url: string;
  /** The token given with --token or EDGELOG_TOKEN, if any. */
  token: string | undefined;
  out: Output;
  /** `--json`: one JSON document a line instead of tables and plain values. */
  json: boolean;
  /** Lines in: standard input unless a command opens a file. */
  stdin: NodeJS.ReadableStream;
  /** Progress goes to a terminal only; pipes and CI logs get the summary line alone. */
  stderrIsTty: boolean;
  /** Aborted on Ctrl-C or SIGTERM: following commands stop cleanly (commit, leave, close). */
  signal: AbortSignal;
}

export interface Command {
  /** One line for `edgelog --help`. */
  summary: string;
  /** The command's own `--help`. */
  usage: string;
  options: ParseArgsOptionsConfig;
  run(context: CliContext, args: string[], values: OptionValues): Promise<void>;
}

/** A mistake in how the command was called: exit status 2 and a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The n-th positional argument, or a usage error naming it. */
export function positional(args: string[], index: number, name: string): string {
  const value = args[index];
  if (value === undefined || value === "") throw new UsageError(`missing <${name}>`);
  return value;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** An integer ≥ 0 (offsets, counts, milliseconds), or undefined when the flag is absent. */
export function intOption(values: OptionValues, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) {
    throw new UsageError(`--${name} must be an integer ≥ 0, not "${text}"`);
  }
  return Number(text);
}

/** Like intOption, where the word `none` means "clear this setting" (sent as null). */
export function clearableIntOption(values: OptionValues, name: string): number | null | undefined {
  return stringOption(values, name) === "none" ? null : intOption(values, name);
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Exactly one of a command's subcommands, e.g. `topics list`. */
export function subcommand<T extends string>(args: string[], names: readonly T[]): T {
  const name = args[0];
  if (name === undefined) throw new UsageError(`missing subcommand (${names.join(", ")})`);
  if (!(names as readonly string[]).includes(name)) {
    throw new UsageError(`unknown subcommand "${name}" (${names.join(", ")})`);
  }
  return name as T;
}

/** A controller for one command's own stop, which Ctrl-C or a closed stdout also triggers. */
export function stoppable(context: CliContext): AbortController {
  const controller = new AbortController();
  if (context.signal.aborted) controller.abort();
  else context.signal.addEventListener("abort", () => controller.abort(), { once: true });
  return controller;
}

/** The options of commands that print records (consume, tail). */
export const RECORD_FORMAT_OPTIONS: ParseArgsOptionsConfig = {
  "print-key": { type: "boolean" },
  "key-separator": { type: "string" },
};

/** `--json`, or values with `--print-key` and its `--key-separator` (a tab by default). */
export function recordFormat(context: CliContext, values: OptionValues): RecordFormat {
  const keySeparator = flag(values, "print-key")
    ? (stringOption(values, "key-separator") ?? "\t")
    : null;
  return { json: context.json, keySeparator };
}
