/**
 * gzip with reproducible bytes: node:zlib already writes no file name and a zero mtime; the one
 * header byte that varies by machine is the OS code, pinned here to 3 (Unix) as GNU gzip writes
 * it on Linux, so the SHA-256 of a generated file is the same wherever it is built.
 */
import { gzipSync } from 'node:zlib';

const OS_BYTE = 9;
const OS_UNIX = 3;

export function gzipDeterministic(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(gzipSync(bytes, { level: 9 }));
  out[OS_BYTE] = OS_UNIX;
  return out;
}
