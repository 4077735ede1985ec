// `edgelog produce <topic>`: kafka-console-producer.sh. Each input line (stdin, or `--file`)
// becomes one record; the SDK's idempotent producer batches them per partition, with a bounded
// number of sends in flight so a large file streams through in constant memory.
import { createReadStream, statSync } from "node:fs";
import type { Message } from "../client/index.js";
import { RECORDS_PER_REQUEST_MAX } from "../protocol/limits.js";
import type { Acks } from "../protocol/types.js";
import {
  type Command,
  flag,
  intOption,
  type OptionValues,
  positional,
  stringOption,
  UsageError,
} from "./command.js";
import { Progress } from "./progress.js";

/** Lines handed to the producer at a time, and how many such handfuls may await their acks. */
const CHUNK_RECORDS = 1_000;
const CHUNKS_IN_FLIGHT_MAX = 8;

interface LineFormat {
  keySeparator: string | null;
  jsonValues: boolean;
  partition: number | undefined;
}

export const produceCommand: Command = {
  summary: "send lines from stdin (or --file) as records",
  usage: `edgelog produce <topic> [--key-separator SEP] [--json-values] [--partition N]
    [--file PATH] [--acks all|1|0] [--linger-ms N] [--batch-size N]

Each line is one record; its value is the line as a string. --key-separator splits each line at
the first SEP into key and value (a line without SEP is an error, as in Kafka). --json-values
parses each value as JSON (objects, numbers, ...); blank lines are then skipped. --file reads a
file with a progress bar and records/s on a terminal. The producer is idempotent (acks all) unless
--acks 1 or 0 is asked for. A summary line goes to stderr.`,
  options: {
    "key-separator": { type: "string" },
    "json-values": { type: "boolean" },
    partition: { type: "string" },
    file: { type: "string" },
    acks: { type: "string" },
    "linger-ms": { type: "string" },
    "batch-size": { type: "string" },
  },

  async run(context, args, values) {
    const topic = positional(args, 0, "topic");
    const format: LineFormat = {
      keySeparator: stringOption(values, "key-separator") ?? null,
      jsonValues: flag(values, "json-values"),
      partition: intOption(values, "partition"),
    };
    if (format.keySeparator === "") throw new UsageError("--key-separator must not be empty");
    const acks = acksOption(values);
    const batchSize = intOption(values, "batch-size") ?? 1_000;
    if (batchSize < 1 || batchSize > RECORDS_PER_REQUEST_MAX) {
      throw new UsageError(`--batch-size must be from 1 to ${RECORDS_PER_REQUEST_MAX}`);
    }
    const producer = context.edgelog.producer({
      idempotent: acks === "all",
      acks,
      lingerMs: intOption(values, "linger-ms") ?? 5,
      maxBatchRecords: batchSize,
    });
    const file = stringOption(values, "file");
    const input = file === undefined ? context.stdin : createReadStream(file);
    const progress = new Progress(context, file === undefined ? null : fileSize(file));

    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    const send = async (messages: Message[]) => {
      const sent: Promise<void> = producer.send({ topic, messages }).then(
        () => progress.acknowledged(messages.length),
        (err: unknown) => {
          failure ??= err;
        },
      );
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
      if (inFlight.size >= CHUNKS_IN_FLIGHT_MAX) await Promise.race(inFlight);
    };
    let readAll = false;
    try {
      let chunk: Message[] = [];
      let lineNumber = 0;
      for await (const line of readLines(input, (bytes) => progress.read(bytes))) {
        lineNumber++;
        const message = toMessage(line, lineNumber, format);
        if (message !== null) chunk.push(message);
        if (chunk.length >= CHUNK_RECORDS) {
          await send(chunk);
          chunk = [];
        }
        if (failure !== null || context.signal.aborted) break;
      }
      if (chunk.length > 0 && failure === null) await send(chunk);
      readAll = true;
    } finally {
      await Promise.all(inFlight);
      await producer.disconnect().catch(() => undefined);
      // A failed command ends with its error line alone: no "produced N records" before it.
      if (!readAll || failure !== null) progress.abandon();
    }
    if (failure !== null) throw failure;
    progress.finish(topic);
  },
};

/** One line as a record, or null for a blank line that holds no JSON value. */
function toMessage(line: string, lineNumber: number, format: LineFormat): Message | null {
  let key: string | undefined;
  let value = line;
  if (format.keySeparator !== null) {
    const at = line.indexOf(format.keySeparator);
    if (at < 0) throw new UsageError(`line ${lineNumber} has no key separator`);
    key = line.slice(0, at);
    value = line.slice(at + format.keySeparator.length);
  }
  const message: Message = { value };
  if (format.jsonValues) {
    if (value.trim() === "") return null;
    try {
      message.value = JSON.parse(value);
    } catch {
      throw new UsageError(`line ${lineNumber} is not a JSON value (--json-values)`);
    }
  }
  if (key !== undefined) message.key = key;
  if (format.partition !== undefined) message.partition = format.partition;
  return message;
}

/**
 * The input's lines without their `\n` or `\r\n`; a last line without a newline counts. Pulled
 * chunk by chunk, so a file larger than memory streams through at the producer's pace.
 */
async function* readLines(
  input: NodeJS.ReadableStream,
  onBytes: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    onBytes(bytes.length);
    pending += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
      yield pending.slice(start, pending[end - 1] === "\r" ? end - 1 : end);
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== "") yield pending;
}

function acksOption(values: OptionValues): Acks {
  const acks = stringOption(values, "acks") ?? "all";
  if (acks === "all") return "all";
  if (acks === "0" || acks === "1") return Number(acks) as Acks;
  throw new UsageError(`--acks must be all, 1 or 0, not "${acks}"`);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (err) {
    throw new UsageError(`cannot read --file ${path}: ${(err as Error).message}`);
  }
}
