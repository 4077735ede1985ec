// Redrawing a view until Ctrl-C, as watch(1) does (`groups describe --watch`, `top`): in place on
// a terminal, each snapshot after a blank line into a pipe or file, one JSON line a snapshot with
// --json.
import { sleep } from "../client/retry.js";
import { type CliContext, intOption, type OptionValues, UsageError } from "./command.js";

/** How often a view redraws by default, and the bounds a person would ask for. */
export const WATCH_INTERVAL_SEC_DEFAULT = 2;
export const WATCH_INTERVAL_SEC_MIN = 1;
export const WATCH_INTERVAL_SEC_MAX = 3_600;

/** Cursor home, then erase the screen: a terminal redraw, as watch(1) does. */
const CLEAR_SCREEN = "\u001b[H\u001b[2J";

/** `--interval SECONDS` within its bounds, or the default. */
export function watchInterval(values: OptionValues): number {
  const everySec = intOption(values, "interval") ?? WATCH_INTERVAL_SEC_DEFAULT;
  if (everySec < WATCH_INTERVAL_SEC_MIN || everySec > WATCH_INTERVAL_SEC_MAX) {
    throw new UsageError(
      `--interval must be ${WATCH_INTERVAL_SEC_MIN} to ${WATCH_INTERVAL_SEC_MAX} seconds`,
    );
  }
  return everySec;
}

/** A snapshot: what --json prints, and the text a person sees. */
export interface Snapshot {
  json: unknown;
  text: string;
}

/** Shows `take()` every `everySec` seconds until Ctrl-C (a clean stop) or a closed stdout. */
export async function watch(
  context: CliContext,
  everySec: number,
  take: () => Promise<Snapshot>,
): Promise<void> {
  const { out, signal } = context;
  for (let shown = 0; !signal.aborted && !out.isClosed; shown++) {
    const snapshot = await take();
    if (signal.aborted) return;
    if (context.json) {
      await out.line(JSON.stringify(snapshot.json));
    } else if (out.isTerminal) {
      const header = `Every ${everySec} s (Ctrl-C to stop)  ${new Date().toISOString()}\n`;
      await out.line(`${CLEAR_SCREEN}${header}\n${snapshot.text}`);
    } else {
      await out.line(`${shown > 0 ? "\n" : ""}${snapshot.text}`);
    }
    await sleep(everySec * 1_000, signal);
  }
}
