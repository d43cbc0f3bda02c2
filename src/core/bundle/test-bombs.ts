/**
 * Decompression bombs for the link and file tests, built without ever holding their output: a
 * 1 MB run of zeros is deflated once and sync-flushed to a byte boundary, and that non-final
 * block is repeated, each copy inflating to another megabyte.
 */
import { Deflate } from 'fflate';

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

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
