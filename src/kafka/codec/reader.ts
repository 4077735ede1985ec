// Reads Kafka's primitive types (the protocol guide's "Protocol Primitive Types") from one
// buffer, bounds-checked: a read past the end throws KafkaDecodeError, never a RangeError from
// deep inside Node, so a truncated frame is one typed failure the connection can act on.

/** A frame that does not parse: its connection is closed (the contract's only reason to). */
export class KafkaDecodeError extends Error {
  override readonly name = "KafkaDecodeError";
}

export class KafkaReader {
  offset = 0;

  constructor(readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private take(bytes: number): number {
    if (bytes < 0 || this.offset + bytes > this.buffer.length) {
      throw new KafkaDecodeError(`needs ${bytes} bytes at ${this.offset} of ${this.buffer.length}`);
    }
    const at = this.offset;
    this.offset += bytes;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.take(4));
  }

  /** int64 as a number: offsets, timestamps and producer ids stay within 2^53 here. */
  int64(): number {
    return Number(this.buffer.readBigInt64BE(this.take(8)));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  /** Unsigned LEB128, at most 5 bytes (Kafka's unsigned varint is 32 bits). */
  uvarint(): number {
    const first = this.buffer[this.offset];
    // Most lengths and deltas fit one byte: read it without the general loop.
    if (first !== undefined && first < 0x80) {
      this.offset++;
      return first;
    }
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new KafkaDecodeError("varint longer than 5 bytes");
  }

  /** Zig-zag signed varint (32 bits). */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /**
   * Zig-zag signed varlong (64 bits), as a number: record timestamps and offset deltas. Up to 7
   * bytes (49 bits) the arithmetic stays exact in a number; longer ones go through BigInt.
   */
  varlong(): number {
    const start = this.offset;
    let raw = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      raw += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    this.offset = start;
    let big = 0n;
    for (let shift = 0n; shift <= 63n; shift += 7n) {
      const byte = this.buffer.readUInt8(this.take(1));
      big |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return Number((big >> 1n) ^ -(big & 1n));
    }
    throw new KafkaDecodeError("varlong longer than 10 bytes");
  }

  raw(bytes: number): Buffer {
    const at = this.take(bytes);
    return this.buffer.subarray(at, at + bytes);
  }

  uuid(): Buffer {
    return this.raw(16);
  }

  /** int16-length string; -1 is null. */
  nullableString(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    return this.raw(length).toString("utf8");
  }

  string(): string {
    const text = this.nullableString();
    if (text === null) throw new KafkaDecodeError("null where a string is required");
    return text;
  }

  /** Flexible versions: unsigned-varint length + 1; 0 is null. */
  compactNullableString(): string | null {
    const length = this.uvarint() - 1;
    if (length === -1) return null;
    return this.raw(length).toString("utf8");
  }

  compactString(): string {
    const text = this.compactNullableString();
    if (text === null) throw new KafkaDecodeError("null where a string is required");
    return text;
  }

  /** A string in the encoding the version uses. */
  str(flexible: boolean): string {
    return flexible ? this.compactString() : this.string();
  }

  nullableStr(flexible: boolean): string | null {
    return flexible ? this.compactNullableString() : this.nullableString();
  }

  /** int32-length bytes (compact: varint length + 1); null as null. */
  nullableBytes(flexible: boolean): Buffer | null {
    const length = flexible ? this.uvarint() - 1 : this.int32();
    if (length === -1) return null;
    return this.raw(length);
  }

  /** An array's element count; null (-1) is null. Counts are bounded by the bytes left. */
  arrayLength(flexible: boolean): number | null {
    const length = flexible ? this.uvarint() - 1 : this.int32();
    if (length === -1) return null;
    // Every element takes at least one byte: a larger count is garbage, not a huge allocation.
    if (length < -1 || length > this.remaining) {
      throw new KafkaDecodeError(`array of ${length} with ${this.remaining} bytes left`);
    }
    return length;
  }

  array<T>(flexible: boolean, item: () => T): T[] {
    return this.nullableArray(flexible, item) ?? [];
  }

  nullableArray<T>(flexible: boolean, item: () => T): T[] | null {
    const length = this.arrayLength(flexible);
    if (length === null) return null;
    const items: T[] = [];
    for (let i = 0; i < length; i++) items.push(item());
    return items;
  }

  /** Skips a tagged-field section (flexible versions): no field we read is tagged. */
  taggedFields(flexible: boolean): void {
    if (!flexible) return;
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.raw(this.uvarint());
    }
  }
}
