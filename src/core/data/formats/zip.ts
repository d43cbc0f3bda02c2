/**
 * ZIP reading for imported folders and `.gradlab.zip` bundles. The central directory is read by
 * hand (so encryption, zip64 and names can be checked before anything is inflated), and each entry
 * is inflated with a cap of the size it declares: an entry that produces more is refused, so the
 * sum of the declared sizes, checked against the caller's cap first, bounds the real output.
 * Two entries with one name are refused (two tools could read different files from the archive),
 * and so are entries whose local header and data overlap another's: a well-formed archive never
 * shares bytes, and shared ones let a small file declare, and inflate to, many times its size.
 */
import { Inflate } from 'fflate';
import { DataFormatError, LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { crc32 } from './crc32';
import { formatBytes, runCapped } from './inflate';

export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
}

export interface ZipLimits {
  /** Cap on the bytes all kept entries inflate to together. */
  maxTotalBytes: number;
  /** Cap on the number of kept entries (files other than directories and skipped junk). */
  maxEntries: number;
}

type ZipError = DataFormatError | LimitExceededError;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** An entry to inflate, with where its compressed data starts (after its local header). */
type KeptEntry = CentralEntry & { dataStart: number };

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));
const damaged = (detail: string) =>
  fault(`This ZIP file is damaged (${detail}). Create or download it again.`, 'bad-zip');

/** The files of a ZIP archive, in directory order, skipping directories, `__MACOSX/` and dotfiles. */
export function unzipCapped(bytes: Uint8Array, limits: ZipLimits): Result<ZipEntry[], ZipError> {
  const directory = readDirectory(bytes);
  if (!directory.ok) return directory;
  const dataStarts = checkLayout(bytes, directory.value);
  if (!dataStarts.ok) return dataStarts;
  const kept: KeptEntry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  for (const [i, entry] of directory.value.entries()) {
    const path = entry.name.replace(/\\/g, '/');
    if (isUnsafePath(path)) {
      return fault(
        `The ZIP file holds "${entry.name}", a name that points outside the archive. Gradlab ` +
          'refuses such archives; create the ZIP again from the folder itself.',
        'zip-unsafe-path',
      );
    }
    if (isSkipped(path)) continue;
    if (names.has(path)) {
      return fault(
        `This ZIP file holds two entries named "${path}", so different programs could read ` +
          'different files from it. Gradlab refuses such archives; create the ZIP again.',
        'zip-duplicate-name',
      );
    }
    names.add(path);
    if (entry.flags & 1) {
      return fault(
        `"${path}" in this ZIP file is encrypted. Create the ZIP again without a password.`,
        'zip-encrypted',
      );
    }
    if (entry.method !== 0 && entry.method !== 8) {
      return fault(
        `"${path}" in this ZIP file uses compression method ${entry.method}; Gradlab reads only ` +
          'stored and deflated entries. Create the ZIP again with standard settings.',
        'zip-method',
      );
    }
    kept.push({ ...entry, name: path, dataStart: dataStarts.value[i] ?? 0 });
    declaredTotal += entry.size;
    if (kept.length > limits.maxEntries) {
      return err(
        new LimitExceededError(
          `This ZIP file holds more than ${limits.maxEntries} files, more than Gradlab accepts.`,
          'images',
        ),
      );
    }
    if (declaredTotal > limits.maxTotalBytes) return tooLarge(limits.maxTotalBytes);
  }
  const out: ZipEntry[] = [];
  for (const entry of kept) {
    const inflated = inflateEntry(entryData(bytes, entry), entry);
    if (!inflated.ok) return inflated;
    out.push({ path: entry.name, bytes: inflated.value });
  }
  return ok(out);
}

const tooLarge = (cap: number) =>
  err(
    new LimitExceededError(
      `This ZIP file expands to more than ${formatBytes(cap)}, more than Gradlab accepts. ` +
        'Use fewer or smaller files.',
      'inflated-bytes',
    ),
  );

function isUnsafePath(path: string): boolean {
  return (
    path.startsWith('/') ||
    /^[a-zA-Z]:/.test(path) ||
    path.split('/').some((segment) => segment === '..')
  );
}

/** Directories, macOS resource forks and hidden files (.DS_Store, ._x) are never user data. */
function isSkipped(path: string): boolean {
  if (path.endsWith('/')) return true;
  return path
    .split('/')
    .some((segment) => segment === '__MACOSX' || (segment.startsWith('.') && segment !== '.'));
}

function readDirectory(bytes: Uint8Array): Result<CentralEntry[], DataFormatError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  if (eocd < 0) {
    if (bytes.length >= 4 && view.getUint32(0, true) === LOCAL) {
      return damaged('its table of contents is missing, the file may be cut short');
    }
    return fault(
      'This file is not a ZIP archive. Choose a .zip file (or the folder itself).',
      'not-zip',
    );
  }
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const zip64 = readZip64End(view, eocd);
    if (!zip64.ok) return zip64;
    ({ count, cdSize, cdOffset } = zip64.value);
  }
  if (cdOffset + cdSize > bytes.length) return damaged('its table of contents is cut short');
  const entries: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) {
      return damaged('its table of contents is invalid');
    }
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) return damaged('its table of contents is cut short');
    const entry: CentralEntry = {
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    const extra = bytes.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    const widened = applyZip64Extra(entry, extra);
    if (!widened.ok) return widened;
    entries.push(entry);
    p = end;
  }
  return ok(entries);
}

/** The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment. */
function findEocd(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - U16_MAX);
  for (let p = view.byteLength - 22; p >= lowest; p--) {
    if (
      view.getUint32(p, true) === EOCD &&
      p + 22 + view.getUint16(p + 20, true) <= view.byteLength
    ) {
      return p;
    }
  }
  return -1;
}

const zip64Unreadable = () =>
  fault(
    'This ZIP file uses a zip64 layout Gradlab cannot read. Create the ZIP again with standard ' +
      'settings (archives under 4 GB need no zip64).',
    'zip64-unsupported',
  );

function readU64(view: DataView, offset: number): number | null {
  const value = view.getBigUint64(offset, true);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

function readZip64End(
  view: DataView,
  eocd: number,
): Result<{ count: number; cdSize: number; cdOffset: number }, DataFormatError> {
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return zip64Unreadable();
  const record = readU64(view, locator + 8);
  if (record === null || record + 56 > view.byteLength) return zip64Unreadable();
  if (view.getUint32(record, true) !== ZIP64_EOCD) return zip64Unreadable();
  const count = readU64(view, record + 32);
  const cdSize = readU64(view, record + 40);
  const cdOffset = readU64(view, record + 48);
  if (count === null || cdSize === null || cdOffset === null) return zip64Unreadable();
  return ok({ count, cdSize, cdOffset });
}

/** Fields saturated at 0xffffffff take their value from the zip64 extra field, in this order. */
function applyZip64Extra(entry: CentralEntry, extra: Uint8Array): Result<true, DataFormatError> {
  const wanted = (['size', 'compressedSize', 'localOffset'] as const).filter(
    (key) => entry[key] === U32_MAX,
  );
  if (wanted.length === 0) return ok(true);
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let p = 0; p + 4 <= extra.length;) {
    const id = view.getUint16(p, true);
    const length = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      if (length < wanted.length * 8 || p + 4 + length > extra.length) return zip64Unreadable();
      for (const [i, key] of wanted.entries()) {
        const value = readU64(view, p + 4 + i * 8);
        if (value === null) return zip64Unreadable();
        entry[key] = value;
      }
      return ok(true);
    }
    p += 4 + length;
  }
  return zip64Unreadable();
}

/**
 * Where each entry's compressed data starts, read from its local header; refuses the archive when
 * any entry's header and data (`localOffset` to the end of its compressed bytes) overlap
 * another's or run past the file.
 */
function checkLayout(
  bytes: Uint8Array,
  entries: CentralEntry[],
): Result<number[], DataFormatError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const spans: { start: number; end: number; name: string }[] = [];
  const dataStarts: number[] = [];
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL) {
      return damaged(`the entry "${entry.name}" is missing`);
    }
    const dataStart = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    const end = dataStart + entry.compressedSize;
    if (end > bytes.length) return damaged(`the entry "${entry.name}" is cut short`);
    spans.push({ start: p, end, name: entry.name });
    dataStarts.push(dataStart);
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const before = spans[i - 1] as (typeof spans)[number];
    const span = spans[i] as (typeof spans)[number];
    if (span.start < before.end) {
      return fault(
        `The entries "${before.name}" and "${span.name}" of this ZIP file share the same bytes, ` +
          'which no ZIP tool writes: the archive was crafted. Gradlab refuses it.',
        'zip-overlap',
      );
    }
  }
  return ok(dataStarts);
}

const entryData = (bytes: Uint8Array, entry: KeptEntry): Uint8Array =>
  bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);

function inflateEntry(data: Uint8Array, entry: KeptEntry): Result<Uint8Array, ZipError> {
  const mismatch = () =>
    fault(
      `"${entry.name}" in this ZIP file does not hold the ${formatBytes(entry.size)} its header ` +
        'declares. The archive is damaged or crafted; Gradlab refuses it.',
      'zip-size-mismatch',
    );
  let out: Uint8Array;
  if (entry.method === 0) {
    if (data.length !== entry.size) return mismatch();
    out = data;
  } else {
    const inflated = runCapped((ondata) => new Inflate(ondata), data, entry.size);
    if (!inflated.ok) {
      return inflated.error === 'corrupt'
        ? damaged(`the entry "${entry.name}" cannot be decompressed`)
        : mismatch();
    }
    if (inflated.value.length !== entry.size) return mismatch();
    out = inflated.value;
  }
  if (crc32(out) !== entry.crc) return damaged(`the entry "${entry.name}" fails its checksum`);
  return ok(out);
}
