// A minimal Server-Sent Events reader for tests: parses events off a streaming response.

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  readonly comments: string[] = [];

  constructor(response: Response) {
    if (response.body === null) throw new Error("SSE response has no body");
    this.reader = response.body.getReader();
  }

  /** The next event (comments are collected, not returned); null when the stream ends. */
  async next(): Promise<SseEvent | null> {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = this.parse(block);
        if (event !== null) return event;
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  private parse(block: string): SseEvent | null {
    const event: SseEvent = { event: "message", data: "" };
    let hasField = false;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.event = value;
      else if (field === "id") event.id = value;
      else if (field === "data") event.data += event.data === "" ? value : `\n${value}`;
      else continue;
      hasField = true;
    }
    return hasField && event.data !== "" ? event : null;
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
