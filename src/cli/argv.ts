// Where the command stands in an `edgelog` command line. Global options may come before the
// command (`edgelog --url URL topics list`, as git, kubectl and docker take them) or after it;
// those before are moved behind the command's name, so one parse of the command's options (with
// the global ones) reads both. Pure: no Node, so it is unit-tested as it is.

/** Options every command takes, wherever they stand; `string` ones take a value. */
export const GLOBAL_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

export interface CommandLine {
  /** The command's name; null when none was given (`edgelog`, `edgelog --help`). */
  command: string | null;
  /** The command's arguments, the global options given before its name first. */
  args: string[];
}

/** A command line that cannot be split: an unknown option before the command, a missing value. */
export class CommandLineError extends Error {
  override readonly name = "CommandLineError";
}

/** Splits `argv` (without `node` and the script) at the command's name. */
export function splitCommandLine(argv: readonly string[]): CommandLine {
  const before: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === "--") return commandAt(argv, i + 1, before);
    if (!token.startsWith("-") || token === "-") return commandAt(argv, i, before);
    const option = globalOption(token);
    if (option === null) {
      throw new CommandLineError(
        `unknown option "${token}" before the command (a command's own options go after it)`,
      );
    }
    before.push(token);
    if (option.type === "string" && !token.includes("=")) {
      const value = argv[i + 1];
      if (value === undefined) throw new CommandLineError(`${token} needs a value`);
      before.push(value);
      i++;
    }
  }
  return { command: null, args: before };
}

/** `help <command>` is `<command> --help`; anything else is the command's name. */
function commandAt(argv: readonly string[], index: number, before: string[]): CommandLine {
  const name = argv[index];
  if (name === undefined) return { command: null, args: before };
  const rest = argv.slice(index + 1);
  if (name === "help") {
    const [topic, ...more] = rest;
    return topic === undefined
      ? { command: null, args: [...before, "--help"] }
      : { command: topic, args: [...before, "--help", ...more] };
  }
  return { command: name, args: [...before, ...rest] };
}

function globalOption(token: string): { type: "string" | "boolean" } | null {
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) {
    const short = "short" in option ? `-${option.short}` : null;
    if (token === short || token === `--${name}`) return option;
    // `--url=URL`; a boolean takes no value.
    if (option.type === "string" && token.startsWith(`--${name}=`)) return option;
  }
  return null;
}
