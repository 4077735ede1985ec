// Writes Kafka's primitive types into a growing buffer; `flexible` picks the compact encodings
// (KIP-482) for strings, bytes and arrays and adds the empty tagged-field sections.

const INITIAL_BYTES = 256;

export class KafkaWriter {
  private buffer: Buffer;
  length = 0;

  /** `expectedBytes`: a size hint, so a large answer is not copied each time it doubles. */
  constructor(expectedBytes = INITIAL_BYTES) {
    this.buffer = Buffer.allocUnsafe(Math.max(expectedBytes, INITIAL_BYTES));
  }

  /**
   * Reserves `bytes` and answers where they start. Callers read `this.buffer` only after this
   * call: it may replace the buffer.
   */
  private room(bytes: number): number {
    if (this.length + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length += bytes;
    return at;
  }

  /** The bytes written so far (a view: copy it before writing more). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  int8(value: number): this {
    const at = this.room(1);
    this.buffer.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.room(2);
    this.buffer.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.room(4);
    this.buffer.writeInt32BE(value, at);
    return this;
  }

  uint32(value: number): this {
    const at = this.room(4);
    this.buffer.writeUInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.room(8);
    this.buffer.writeBigInt64BE(BigInt(value), at);
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  uvarint(value: number): this {
    let rest = value;
    const at = this.room(varintBytes(rest));
    let i = at;
    while (rest >= 0x80) {
      this.buffer[i++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[i] = rest;
    return this;
  }

  varint(value: number): this {
    return this.uvarint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** Zig-zag varlong; values within 2^52 in magnitude zig-zag exactly in a number. */
  varlong(value: number): this {
    if (Math.abs(value) < 2 ** 52) return this.uvarint(value >= 0 ? value * 2 : -value * 2 - 1);
    let raw = BigInt(value);
    raw = BigInt.asUintN(64, (raw << 1n) ^ (raw >> 63n));
    while (raw >= 0x80n) {
      const at = this.room(1);
      this.buffer[at] = Number(raw & 0x7fn) | 0x80;
      raw >>= 7n;
    }
    const at = this.room(1);
    this.buffer[at] = Number(raw);
    return this;
  }

  /** Leaves `bytes` to be filled in later through bytes() (a header whose fields come last). */
  skip(bytes: number): this {
    this.room(bytes);
    return this;
  }

  /** A string's UTF-8 bytes, `byteLength` of them (Buffer.byteLength), with no Buffer of its own. */
  utf8(value: string, byteLength: number): this {
    const at = this.room(byteLength);
    this.buffer.write(value, at, byteLength, "utf8");
    return this;
  }

  raw(bytes: Uint8Array): this {
    const at = this.room(bytes.length);
    this.buffer.set(bytes, at);
    return this;
  }

  str(flexible: boolean, value: string): this {
    return this.nullableStr(flexible, value);
  }

  nullableStr(flexible: boolean, value: string | null): this {
    if (value === null) return flexible ? this.uvarint(0) : this.int16(-1);
    const bytes = Buffer.from(value, "utf8");
    if (flexible) this.uvarint(bytes.length + 1);
    else this.int16(bytes.length);
    return this.raw(bytes);
  }

  nullableBytes(flexible: boolean, value: Uint8Array | null): this {
    if (value === null) return flexible ? this.uvarint(0) : this.int32(-1);
    if (flexible) this.uvarint(value.length + 1);
    else this.int32(value.length);
    return this.raw(value);
  }

  arrayLength(flexible: boolean, length: number | null): this {
    if (length === null) return flexible ? this.uvarint(0) : this.int32(-1);
    return flexible ? this.uvarint(length + 1) : this.int32(length);
  }

  array<T>(flexible: boolean, items: readonly T[] | null, item: (value: T) => void): this {
    this.arrayLength(flexible, items === null ? null : items.length);
    for (const value of items ?? []) item(value);
    return this;
  }

  /** An empty tagged-field section (flexible versions); we write no tagged field. */
  taggedFields(flexible: boolean): this {
    return flexible ? this.uvarint(0) : this;
  }
}

/** Bytes of an unsigned varint holding `value` (≥ 0). */
function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes++;
  return bytes;
}
