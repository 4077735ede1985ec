// The SDK's log lines as the CLI shows them: one line each on stderr, `edgelog: warn: …`, with
// no stack (a command's own failure is the last line, `edgelog: CODE: …`).
import type { Logger } from "../client/index.js";
import type { Output } from "./output.js";

export function cliLogger(out: Output): Logger {
  const line = (level: string) => (message: string) => out.note(`edgelog: ${level}: ${message}`);
  return { error: line("error"), warn: line("warn"), info: line("info"), debug: line("debug") };
}
