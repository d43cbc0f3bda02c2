/**
 * A ustar (POSIX.1-1988) archive writer: regular files and directories, names up to 100 bytes,
 * fixed mode, owner and mtime so the output is reproducible. Padded to whole 10240-byte records
 * as GNU and BSD tar write them, so readers meet the trailing zero blocks real archives have.
 */

export interface TarEntry {
  /** Directories end with '/' and carry no bytes. */
  path: string;
  bytes?: Uint8Array;
}

const BLOCK = 512;
const RECORD = 20 * BLOCK;
/** 2009-03-01T00:00:00Z, roughly when the real CIFAR-10 archive was made; any constant would do. */
const MTIME = 1235865600;

export function createTar(entries: readonly TarEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const isDir = entry.path.endsWith('/');
    const bytes = isDir ? new Uint8Array(0) : (entry.bytes ?? new Uint8Array(0));
    blocks.push(header(entry.path, bytes.length, isDir));
    const padded = new Uint8Array(Math.ceil(bytes.length / BLOCK) * BLOCK);
    padded.set(bytes);
    blocks.push(padded);
  }
  const used = blocks.reduce((sum, b) => sum + b.length, 0) + 2 * BLOCK;
  const out = new Uint8Array(Math.ceil(used / RECORD) * RECORD);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

function header(path: string, size: number, isDir: boolean): Uint8Array {
  const name = new TextEncoder().encode(path);
  if (name.length > 100) throw new RangeError(`tar path longer than 100 bytes: ${path}`);
  const h = new Uint8Array(BLOCK);
  h.set(name, 0);
  writeOctal(h, 100, 8, isDir ? 0o755 : 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, MTIME);
  h[156] = (isDir ? '5' : '0').charCodeAt(0);
  h.set(new TextEncoder().encode('ustar\u000000'), 257);
  // The checksum is the byte sum of the header with its own field read as eight spaces.
  h.fill(0x20, 148, 156);
  const sum = h.reduce((a, b) => a + b, 0);
  writeOctal(h, 148, 7, sum);
  h[155] = 0x20;
  return h;
}

/** Zero-padded octal in `width - 1` digits followed by a NUL, as ustar fields are written. */
function writeOctal(h: Uint8Array, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0');
  if (digits.length > width - 1) throw new RangeError(`${value} does not fit a tar field`);
  h.set(new TextEncoder().encode(digits), offset);
  h[offset + width - 1] = 0;
}
