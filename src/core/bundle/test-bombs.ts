/**
 * Decompression bombs for the link and file tests, built without ever holding their output: a
 * 1 MB run of zeros is deflated once and sync-flushed to a byte boundary, and that non-final
 * block is repeated, each copy inflating to another megabyte.
 */
import { Deflate } from 'fflate';
import { crc32 } from '../data/formats/crc32';

const MB = 1024 * 1024;
/** A final fixed-Huffman block holding only its end-of-block code. */
const FINAL_EMPTY_BLOCK = [0x03, 0x00];

/** Raw deflate data that inflates to `megabytes` MB of zeros, about 1 KB per MB. */
export function zerosBomb(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  deflate.push(new Uint8Array(MB));
  deflate.flush(true);
  const block = join(parts);
  const out = new Uint8Array(block.length * megabytes + FINAL_EMPTY_BLOCK.length);
  for (let i = 0; i < megabytes; i++) out.set(block, i * block.length);
  out.set(FINAL_EMPTY_BLOCK, block.length * megabytes);
  return out;
}

/** A one-entry ZIP whose deflated `data` claims to inflate to `declaredSize` bytes. */
export function deflatedZip(path: string, data: Uint8Array, declaredSize: number): Uint8Array {
  const name = new TextEncoder().encode(path);
  const local = new Uint8Array(30 + name.length);
  const central = new Uint8Array(46 + name.length);
  const end = new Uint8Array(22);
  const l = new DataView(local.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(4, 20, true);
  l.setUint16(8, 8, true);
  l.setUint32(18, data.length, true);
  l.setUint32(22, declaredSize, true);
  l.setUint16(26, name.length, true);
  local.set(name, 30);
  const c = new DataView(central.buffer);
  c.setUint32(0, 0x02014b50, true);
  c.setUint16(4, 20, true);
  c.setUint16(6, 20, true);
  c.setUint16(10, 8, true);
  c.setUint32(20, data.length, true);
  c.setUint32(24, declaredSize, true);
  c.setUint16(28, name.length, true);
  central.set(name, 46);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, 1, true);
  e.setUint16(10, 1, true);
  e.setUint32(12, central.length, true);
  e.setUint32(16, local.length + data.length, true);
  return join([local, data, central, end]);
}

/** One local entry of `craftedZip`: its name and its data as stored (deflated when `method` is 8). */
export interface CraftedLocal {
  name: string;
  data: Uint8Array;
  method: 0 | 8;
  /** What the data inflates to, and its CRC-32, as both headers declare them. */
  size: number;
  crc: number;
}

/**
 * A ZIP written byte by byte: `locals` in order, then a directory listing `directory`, each a
 * name and the index of the local entry whose header and data it points at. Pointing two names
 * at one local entry makes overlapping entries; listing one name twice, duplicates.
 */
export function craftedZip(
  locals: CraftedLocal[],
  directory: { name: string; local: number }[],
): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const entry of locals) {
    const name = new TextEncoder().encode(entry.name);
    const header = new Uint8Array(30 + name.length);
    const l = new DataView(header.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(8, entry.method, true);
    l.setUint32(14, entry.crc, true);
    l.setUint32(18, entry.data.length, true);
    l.setUint32(22, entry.size, true);
    l.setUint16(26, name.length, true);
    header.set(name, 30);
    offsets.push(offset);
    parts.push(header, entry.data);
    offset += header.length + entry.data.length;
  }
  const centrals = directory.map(({ name: path, local }) => {
    const entry = locals[local];
    if (entry === undefined) throw new RangeError(`no local entry ${local}`);
    const name = new TextEncoder().encode(path);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, entry.method, true);
    c.setUint32(16, entry.crc, true);
    c.setUint32(20, entry.data.length, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offsets[local] ?? 0, true);
    central.set(name, 46);
    return central;
  });
  const size = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, directory.length, true);
  e.setUint16(10, directory.length, true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  return join([...parts, ...centrals, end]);
}

const storedLocal = (name: string, data: Uint8Array): CraftedLocal => ({
  name,
  data,
  method: 0,
  size: data.length,
  crc: crc32(data),
});

/** A bundle file with two `bundle.json` entries: `first`, then `second`. */
export function duplicateBundleZip(first: Uint8Array, second: Uint8Array): Uint8Array {
  return craftedZip(
    [storedLocal('bundle.json', first), storedLocal('bundle.json', second)],
    [
      { name: 'bundle.json', local: 0 },
      { name: 'bundle.json', local: 1 },
    ],
  );
}

/**
 * A bundle file whose `names` weight entries all point at one deflate stream of `megabytes` MB of
 * zeros (each declaring it, with its right CRC), beside a real `bundle.json`.
 */
export function sharedStreamZip(
  bundleJson: Uint8Array,
  names: number,
  megabytes: number,
): Uint8Array {
  const size = megabytes * MB;
  const stream: CraftedLocal = {
    name: 'weights/0.bin',
    data: zerosBomb(megabytes),
    method: 8,
    size,
    crc: crc32(new Uint8Array(size)),
  };
  return craftedZip(
    [storedLocal('bundle.json', bundleJson), stream],
    [
      { name: 'bundle.json', local: 0 },
      ...Array.from({ length: names }, (_, i) => ({ name: `weights/${i}.bin`, local: 1 })),
    ],
  );
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
