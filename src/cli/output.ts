// Where the CLI writes: records and tables to stdout (awaiting the pipe, so a slow reader slows
// the consumer instead of filling memory), progress and errors to stderr. A closed pipe
// (`edgelog consume t | head`) is not an error: it stops the command like Ctrl-C.

export interface Writable {
  /** Node sets this on a stream that is a terminal. */
  isTTY?: boolean;
  write(chunk: string): boolean;
  once(event: "drain" | "error" | "close", listener: (...args: unknown[]) => void): unknown;
  off(event: "drain" | "close", listener: (...args: unknown[]) => void): unknown;
}

export class Output {
  private closed = false;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
    private readonly onClosed: () => void,
  ) {
    stdout.once("error", () => this.close());
  }

  /** True when stdout is a terminal (a person watching), not a pipe or a file. */
  get isTerminal(): boolean {
    return this.stdout.isTTY === true;
  }

  /** True once the reader of stdout went away. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes text (a newline is added) and waits while the pipe is full. */
  async line(text: string): Promise<void> {
    if (this.closed) return;
    if (this.stdout.write(`${text}\n`)) return;
    await new Promise<void>((resolve) => {
      // Whichever comes first; the other listener goes too, or they pile up write after write.
      const done = () => {
        this.stdout.off("drain", done);
        this.stdout.off("close", done);
        resolve();
      };
      this.stdout.once("drain", done);
      this.stdout.once("close", done);
    });
  }

  /** A diagnostic line on stderr (progress summaries, notes); never mixed into stdout. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Redraws one status line on a terminal's stderr. */
  status(text: string): void {
    this.stderr.write(`\r${text}\u001b[K`);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
  }
}
