// CRC-32C (Castagnoli), the checksum of a v2 record batch (KIP-98), table-driven slicing-by-8:
// eight bytes per step through eight tables. A produce of 1,000 × 100 B checks ~110 KB and a
// fetch page encodes as much; slicing-by-4 took ~7% of the gateway's CPU, and by 8 checks
// 110 KB in ~0.11 ms instead of ~0.19 ms (Node 22, this repository's 2-core machine). A native
// crc32c (@node-rs/crc32) would be faster still, but the CLI ships as one JavaScript file with
// no native parts (scripts/build.mjs).

const POLYNOMIAL = 0x82f63b78;
const SLICES = 8;

/** TABLES[k][n]: the CRC of byte n followed by k zero bytes; one Uint32Array, 256 per slice. */
const TABLES: Uint32Array = (() => {
  const tables = new Uint32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < SLICES; t++) {
      const previous = tables[(t - 1) * 256 + n] as number;
      tables[t * 256 + n] = ((previous >>> 8) ^ (tables[previous & 0xff] as number)) >>> 0;
    }
  }
  return tables;
})();

export function crc32c(bytes: Uint8Array): number {
  const t = TABLES;
  let crc = 0xffffffff;
  let i = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; i < end8; i += 8) {
    const low =
      crc ^
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24));
    crc =
      (t[1792 + (low & 0xff)] as number) ^
      (t[1536 + ((low >>> 8) & 0xff)] as number) ^
      (t[1280 + ((low >>> 16) & 0xff)] as number) ^
      (t[1024 + (low >>> 24)] as number) ^
      (t[768 + (bytes[i + 4] as number)] as number) ^
      (t[512 + (bytes[i + 5] as number)] as number) ^
      (t[256 + (bytes[i + 6] as number)] as number) ^
      (t[bytes[i + 7] as number] as number);
  }
  for (; i < bytes.length; i++) {
    crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
