/**
 * CRC-32 (IEEE 802.3, as in gzip and ZIP), to tell a complete archive member from a damaged one.
 * Slicing-by-8 (eight tables, eight bytes a step): a 185 MB CIFAR archive is checked several times
 * faster than byte by byte.
 */

const TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) {
      const previous = tables[(t - 1) * 256 + n] ?? 0;
      tables[t * 256 + n] = ((tables[previous & 0xff] ?? 0) ^ (previous >>> 8)) >>> 0;
    }
  }
  return tables;
})();

const at = (index: number) => TABLES[index] ?? 0;

/** Continues `crc` (the value returned for the bytes before) over `bytes`; start from 0. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  let i = 0;
  const whole = bytes.length - (bytes.length % 8);
  for (; i < whole; i += 8) {
    const lo =
      (c ^
        (bytes[i] ?? 0) ^
        ((bytes[i + 1] ?? 0) << 8) ^
        ((bytes[i + 2] ?? 0) << 16) ^
        ((bytes[i + 3] ?? 0) << 24)) >>>
      0;
    c =
      at(1792 + (lo & 0xff)) ^
      at(1536 + ((lo >>> 8) & 0xff)) ^
      at(1280 + ((lo >>> 16) & 0xff)) ^
      at(1024 + (lo >>> 24)) ^
      at(768 + (bytes[i + 4] ?? 0)) ^
      at(512 + (bytes[i + 5] ?? 0)) ^
      at(256 + (bytes[i + 6] ?? 0)) ^
      at(bytes[i + 7] ?? 0);
  }
  for (; i < bytes.length; i++) c = at((c ^ (bytes[i] ?? 0)) & 0xff) ^ (c >>> 8);
  return ~c >>> 0;
}
