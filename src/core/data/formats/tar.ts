/**
 * ustar archive reading (as in `cifar-10-binary.tar.gz`): regular files only. GNU long names and
 * pax `path`/`size` records are honoured because common tar tools write them for long paths.
 * File bytes are views into the archive, not copies.
 */
import { DataFormatError } from '../../errors';
import { err, ok, type Result } from '../../result';

export interface TarEntry {
  path: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

const fault = (detail: string, reason: string) =>
  err(new DataFormatError(`This tar archive ${detail}. Download or create it again.`, reason));

export function readTar(bytes: Uint8Array): Result<TarEntry[], DataFormatError> {
  const files: TarEntry[] = [];
  let longName: string | null = null;
  let pax: Map<string, string> = new Map();
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (ascii(header, 257, 5) !== 'ustar') {
      return offset === 0
        ? fault('is not a tar (ustar) archive', 'not-tar')
        : fault(`has an invalid header at byte ${offset}`, 'bad-tar');
    }
    if (!checksumMatches(header)) {
      return fault(`has a damaged header at byte ${offset}`, 'bad-tar');
    }
    const declared = pax.get('size');
    const size = declared !== undefined ? Number(declared) : readSize(header);
    if (size === null || !Number.isSafeInteger(size) || size < 0) {
      return fault(`has an invalid size at byte ${offset}`, 'bad-tar');
    }
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      return fault('is cut short: a file runs past its end', 'tar-truncated');
    }
    const body = bytes.subarray(start, start + size);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'L') {
      longName = cString(body);
    } else if (type === 'x') {
      pax = parsePax(body);
    } else if (type !== 'g') {
      if (type === '0' || type === '\0' || type === '7') {
        files.push({ path: pax.get('path') ?? longName ?? headerPath(header), bytes: body });
      }
      longName = null;
      pax = new Map();
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (offset + BLOCK > bytes.length && offset < bytes.length) {
    return fault('is cut short: its last block is incomplete', 'tar-truncated');
  }
  return ok(files);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function headerPath(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const prefix = cString(header.subarray(345, 500));
  return prefix ? `${prefix}/${name}` : name;
}

function readOctal(field: Uint8Array): number | null {
  const text = ascii(field, 0, field.length)
    .replace(/[\0 ]+$/, '')
    .trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

/** Octal text, or GNU base-256 (high bit set) for files of 8 GB and more. */
function readSize(header: Uint8Array): number | null {
  const field = header.subarray(124, 136);
  const first = field[0] ?? 0;
  if ((first & 0x80) === 0) return readOctal(field);
  let value = first & 0x7f;
  for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
  return value;
}

/** The checksum is the byte sum of the header with its own field read as spaces. */
function checksumMatches(header: Uint8Array): boolean {
  const stored = readOctal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return stored === sum;
}

/** pax records: "<length> <key>=<value>\n", the length counting the bytes of the whole record. */
function parsePax(body: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const decoder = new TextDecoder();
  let p = 0;
  while (p < body.length) {
    const space = body.indexOf(0x20, p);
    const length = space < 0 ? NaN : Number(ascii(body, p, space - p));
    if (!Number.isSafeInteger(length) || length <= space - p || p + length > body.length) break;
    const record = decoder.decode(body.subarray(space + 1, p + length - 1));
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    p += length;
  }
  return records;
}
