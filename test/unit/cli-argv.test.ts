// The CLI finds its command wherever the global options stand: before the command (as git,
// kubectl and docker take them), after it, or both; `help <command>` is `<command> --help`.
import { describe, expect, it } from "vitest";
import { CommandLineError, splitCommandLine } from "../../src/cli/argv.js";

describe("splitCommandLine", () => {
  it("moves global options given before the command behind its name", () => {
    expect(splitCommandLine(["--url", "http://h:1", "topics", "list"])).toEqual({
      command: "topics",
      args: ["--url", "http://h:1", "list"],
    });
    expect(
      splitCommandLine(["--token=t", "--json", "-h", "groups", "describe", "g", "--url", "u"]),
    ).toEqual({
      command: "groups",
      args: ["--token=t", "--json", "-h", "describe", "g", "--url", "u"],
    });
    expect(splitCommandLine(["--version", "tail", "t"])).toEqual({
      command: "tail",
      args: ["--version", "t"],
    });
  });

  it("leaves a command line that starts with its command as it is", () => {
    const argv = ["produce", "t", "--key-separator", "-", "--url", "u", "--", "-x"];
    expect(splitCommandLine(argv)).toEqual({ command: "produce", args: argv.slice(1) });
  });

  it("answers no command for global options alone, and after `--` takes the next word", () => {
    expect(splitCommandLine([])).toEqual({ command: null, args: [] });
    expect(splitCommandLine(["--json", "--url", "u"])).toEqual({
      command: null,
      args: ["--json", "--url", "u"],
    });
    expect(splitCommandLine(["--url", "u", "--", "topics"])).toEqual({
      command: "topics",
      args: ["--url", "u"],
    });
  });

  it("reads `help <command>` as `<command> --help`, and `help` alone as --help", () => {
    expect(splitCommandLine(["help", "consume"])).toEqual({
      command: "consume",
      args: ["--help"],
    });
    expect(splitCommandLine(["--url", "u", "help"])).toEqual({
      command: null,
      args: ["--url", "u", "--help"],
    });
  });

  it("refuses an unknown option before the command, and a global option without its value", () => {
    expect(() => splitCommandLine(["--group", "g", "consume", "t"])).toThrow(
      new CommandLineError(
        'unknown option "--group" before the command (a command\'s own options go after it)',
      ),
    );
    expect(() => splitCommandLine(["--url"])).toThrow(new CommandLineError("--url needs a value"));
    // A boolean option takes no value: the word after it is the command.
    expect(() => splitCommandLine(["--json=yes", "topics"])).toThrow(CommandLineError);
  });
});
