// A minimal Redis client over node:net speaking RESP2: commands out, replies in, in order.
// Enough for PING, XADD and XRANGE; pipelining is writing many commands before reading.
import { connect } from "node:net";

const CRLF = "\r\n";
const BYTE_CR = 0x0d;
const BYTE_MINUS = 0x2d;
const BYTE_0 = 0x30;
const BYTE_STAR = 0x2a;
const BYTE_DOLLAR = 0x24;

/** Encodes one command (an array of strings) as a RESP array of bulk strings. */
export function encodeCommand(args) {
  let out = `*${args.length}${CRLF}`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`;
  return out;
}

/** Bulk strings are UTF-8; ASCII (the common case) needs no second decoding. */
function decodeBulk(latin1) {
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, "latin1").toString("utf8") : latin1;
}

/**
 * Parses the reply at `start` of `text`, a complete reply decoded as latin1 (one char a byte, so
 * RESP's byte lengths are string lengths). Answers `{ value, end }`; error replies become Error
 * values so a pipeline can hold both kinds.
 */
function parseReply(text, start) {
  const lineEnd = text.indexOf(CRLF, start);
  const type = text[start];
  const line = text.slice(start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new Error(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length === -1) return { value: null, end: next };
      return { value: decodeBulk(text.slice(next, next + length)), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, end: next };
      const items = new Array(count);
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(text, at);
        items[i] = item.value;
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`RESP: unexpected reply type ${JSON.stringify(type)}`);
  }
}

/**
 * Finds where the first reply in a buffer ends, resuming where the last call stopped: a large
 * reply (XRANGE of 1,000 entries) arrives in many chunks, and re-parsing it from the start on
 * each one made the client, not Redis, the bottleneck.
 */
class ReplyScanner {
  #at = 0; // the next unscanned byte
  #open = []; // elements still missing in each array being scanned, innermost last

  /** Answers the end of the first complete reply, or -1 while part of it is still to come. */
  scan(buffer) {
    for (;;) {
      if (this.#at >= buffer.length) return -1;
      const type = buffer[this.#at];
      // Read the header line byte by byte: a Buffer.toString per element cost more than Redis.
      let i = this.#at + 1;
      const sign = buffer[i] === BYTE_MINUS ? -1 : 1;
      if (sign === -1) i++;
      let size = 0; // the count or length after "*" and "$"; meaningless for other types
      for (; i < buffer.length && buffer[i] !== BYTE_CR; i++) size = size * 10 + buffer[i] - BYTE_0;
      size *= sign;
      let next = i + 2;
      if (type === BYTE_DOLLAR && size >= 0) next += size + 2;
      if (next > buffer.length) return -1;
      this.#at = next;
      if (type === BYTE_STAR && size > 0) {
        this.#open.push(size);
        continue;
      }
      // One element is complete; it may complete the arrays around it too.
      while (this.#open.length > 0 && --this.#open[this.#open.length - 1] === 0) this.#open.pop();
      if (this.#open.length === 0) {
        this.#at = 0;
        return next;
      }
    }
  }
}

export class RespClient {
  #socket;
  // One waiter per pipeline not yet fully answered, in order: { replies, count, resolve, reject }.
  // A waiter per pipeline, not per command, so a 1,000-command batch costs one promise.
  #pending = [];
  #buffer = Buffer.alloc(0);
  #scanner = new ReplyScanner();

  constructor(socket) {
    this.#socket = socket;
    socket.on("data", (chunk) => this.#onData(chunk));
    socket.on("error", (error) => this.#failAll(error));
    socket.on("close", () => this.#failAll(new Error("RESP: connection closed")));
  }

  static connect(host, port) {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new RespClient(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Sends one command; answers its reply, rejecting on an error reply. */
  async command(args) {
    const [reply] = await this.pipeline(encodeCommand(args), 1);
    if (reply instanceof Error) throw reply;
    return reply;
  }

  /**
   * Writes `count` already encoded commands in one go and answers all their replies (error
   * replies included, as Error values). Pre-encoding lets a benchmark reuse one batch buffer.
   */
  pipeline(encoded, count) {
    const answered = new Promise((resolve, reject) => {
      this.#pending.push({ replies: [], count, resolve, reject });
    });
    this.#socket.write(encoded);
    return answered;
  }

  close() {
    this.#socket.end();
  }

  #onData(chunk) {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#scanner.scan(this.#buffer);
      if (end === -1) break;
      // Parsing only complete replies, from one string, keeps the client off the critical path.
      const reply = parseReply(this.#buffer.toString("latin1", 0, end), 0);
      if (reply.end !== end) throw new Error("RESP: scanner and parser disagree");
      this.#buffer = this.#buffer.subarray(end);
      const waiter = this.#pending[0];
      if (waiter === undefined) throw new Error("RESP: reply with no command waiting");
      waiter.replies.push(reply.value);
      if (waiter.replies.length === waiter.count) {
        this.#pending.shift();
        waiter.resolve(waiter.replies);
      }
    }
  }

  #failAll(error) {
    for (const waiter of this.#pending.splice(0)) waiter.reject(error);
  }
}
