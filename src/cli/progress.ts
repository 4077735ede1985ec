// The producer's progress: a bar with records/s redrawn on a terminal (at most every 100 ms),
// and one summary line at the end of a successful run wherever stderr goes.
import type { CliContext } from "./command.js";
import { formatCount } from "./format.js";

const REDRAW_MS_MIN = 100;
const BAR_WIDTH = 30;

export class Progress {
  private readonly startedAt = performance.now();
  private drawnAt = 0;
  private bytesRead = 0;
  private records = 0;

  constructor(
    private readonly context: CliContext,
    /** The input's size when known (`--file`): the bar shows how much is read. */
    private readonly totalBytes: number | null,
  ) {}

  read(bytes: number): void {
    this.bytesRead += bytes;
    this.draw(false);
  }

  acknowledged(records: number): void {
    this.records += records;
    this.draw(false);
  }

  get acknowledgedRecords(): number {
    return this.records;
  }

  /** The closing line: how many records reached the topic, in how long, how fast. */
  finish(topic: string): void {
    this.draw(true);
    if (this.context.stderrIsTty) this.context.out.note("");
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.context.out.note(
      `produced ${formatCount(this.records)} records to ${topic} in ${seconds.toFixed(2)} s ` +
        `(${formatCount(this.records / Math.max(seconds, 0.001))} records/s)`,
    );
  }

  /** The command failed: the bar goes, and its error line says the rest. */
  abandon(): void {
    if (this.context.stderrIsTty) this.context.out.status("");
  }

  private draw(force: boolean): void {
    if (!this.context.stderrIsTty) return;
    const now = performance.now();
    if (!force && now - this.drawnAt < REDRAW_MS_MIN) return;
    this.drawnAt = now;
    const rate = this.records / Math.max((now - this.startedAt) / 1000, 0.001);
    const counts = `${formatCount(this.records)} records  ${formatCount(rate)} records/s`;
    if (this.totalBytes === null || this.totalBytes === 0) {
      this.context.out.status(counts);
      return;
    }
    const done = Math.min(this.bytesRead / this.totalBytes, 1);
    const filled = Math.round(done * BAR_WIDTH);
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    this.context.out.status(`${bar} ${Math.floor(done * 100)}%  ${counts}`);
  }
}
