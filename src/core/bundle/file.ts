/**
 * Bundle files. `<title>.gradlab.zip` holds:
 *   bundle.json             the bundle's canonical JSON (required, at the top level)
 *   weights/<runId>.bin     raw weight bytes of a run, when kept out of the JSON
 *   data/<key>.csv          the text of an inline dataset, when kept out of the JSON
 *   datasets/<sha256>.packed an imported dataset's packed bytes, as its author's browser stored them
 *   datasets/<sha256>.json   what that browser knew of it (carried-datasets.ts)
 * Names are built by `weightsEntryPath`, `dataEntryPath` and `datasetEntryPath`; other entries are
 * kept as extras too, so a later version can add kinds. A plain `.json` file holding the bundle JSON opens as well.
 *
 * Decoding sniffs the bytes rather than trusting the name: a ZIP signature means a ZIP, anything
 * else is read as JSON text, and an HTML page (what a wrong download address usually serves) is
 * named as such.
 */
import { zipSync, type Zippable } from 'fflate';
import { formatBytes } from '../data/formats/inflate';
import { unzipCapped } from '../data/formats/zip';
import { BundleError, DataFormatError } from '../errors';
import { err, ok, type Result } from '../result';
import { BUNDLE_JSON_LIMITS, FORBIDDEN_KEYS, parseJsonSafely } from './json-limits';

export const BUNDLE_JSON_ENTRY = 'bundle.json';
export const BUNDLE_FILE_SUFFIX = '.gradlab.zip';

/** Caps on a bundle ZIP: all entries inflated together, and how many there are. */
export const BUNDLE_FILE_LIMITS = { maxTotalBytes: 512 * 1024 * 1024, maxEntries: 10_000 };

export interface DecodedBundleFile {
  /** The parsed bundle JSON, still to be validated. */
  json: unknown;
  /** Every other entry of the ZIP by path (none for a `.json` file). */
  extras: Record<string, Uint8Array>;
}

/**
 * One path segment from a run id or dataset key: percent-encoded so `/` cannot nest, with a
 * leading dot escaped too, since the ZIP reader skips dotfiles.
 */
const segment = (name: string) => encodeURIComponent(name).replace(/^\./, '%2E');

export const weightsEntryPath = (runId: string): string => `weights/${segment(runId)}.bin`;
export const dataEntryPath = (key: string): string => `data/${segment(key)}.csv`;
export const datasetEntryPath = (sha256: string, part: 'packed' | 'json'): string =>
  `datasets/${segment(sha256)}.${part}`;

// A fixed date keeps the bytes of a file a function of its content alone.
const MTIME = new Date(2000, 0, 1);

/**
 * The `.gradlab.zip` bytes of a bundle. Throws a BundleError ('file-bad-entry-path') only on a
 * caller's bug: an extra whose path `decodeBundleFile` would not give back.
 */
export function encodeBundleFile(json: string, extras: Record<string, Uint8Array>): Uint8Array {
  const files: Zippable = Object.create(null) as Zippable;
  files[BUNDLE_JSON_ENTRY] = new TextEncoder().encode(json);
  for (const [path, bytes] of Object.entries(extras)) {
    if (!isExtraPath(path)) {
      throw new BundleError(
        `"${path}" cannot be stored in a bundle file; build entry paths with weightsEntryPath, ` +
          'dataEntryPath or datasetEntryPath.',
        'file-bad-entry-path',
      );
    }
    // Packed datasets are stored as they are: their numbers deflate little, and deflating
    // megabytes of them at level 9 would hold the page for seconds.
    files[path] = path.endsWith('.packed') ? [bytes, { level: 0 }] : bytes;
  }
  return zipSync(files, { level: 9, mtime: MTIME });
}

/** An extra's path that survives the round trip through `unzipCapped` and a plain record. */
function isExtraPath(path: string): boolean {
  if (path === BUNDLE_JSON_ENTRY) return false;
  const segments = path.split('/');
  return segments.every(
    (s) =>
      s !== '' &&
      s !== '..' &&
      !s.startsWith('.') &&
      s !== '__MACOSX' &&
      !s.includes('\\') &&
      !FORBIDDEN_KEYS.has(s),
  );
}

/** A safe file name for a bundle titled `title`: `<title>.gradlab.zip`. */
export function fileNameFor(title: string): string {
  const cleaned = title
    // Characters Windows, macOS or Linux refuse, control characters and bidi overrides.
    .replace(/[<>:"/\\|?*\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const base = Array.from(cleaned).slice(0, 80).join('').trim() || 'gradlab-bundle';
  // Windows reserves these device names whatever the extension.
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base);
  return `${reserved ? `${base}_` : base}${BUNDLE_FILE_SUFFIX}`;
}

const refuse = (message: string, reason: string) => err(new BundleError(message, reason));

/** The bundle JSON and extras of a `.gradlab.zip` or `.json` file named `name`; never throws. */
export function decodeBundleFile(
  bytes: Uint8Array,
  name: string,
): Result<DecodedBundleFile, BundleError> {
  if (bytes.length === 0) {
    return refuse(`"${name}" is empty, so it holds no bundle.`, 'file-empty');
  }
  if (isZip(bytes)) return decodeZip(bytes, name);
  if (bytes.length > BUNDLE_JSON_LIMITS.maxBytes) {
    return refuse(
      `"${name}" is larger than ${formatBytes(BUNDLE_JSON_LIMITS.maxBytes)} and is not a ZIP ` +
        'file; Gradlab opens bundle JSON files only up to that size.',
      'file-too-large',
    );
  }
  const text = decodeText(bytes);
  if (text === null) {
    return refuse(
      name.toLowerCase().endsWith('.zip')
        ? `"${name}" is not a ZIP file: it is damaged or was renamed. Export the bundle again.`
        : `"${name}" is neither a Gradlab bundle file (.gradlab.zip) nor bundle JSON text.`,
      'file-not-bundle',
    );
  }
  const json = parseBundleJson(text, name);
  return json.ok ? ok({ json: json.value, extras: {} }) : json;
}

/** `PK\3\4` (a first entry) or `PK\5\6` (an empty archive). */
function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function parseBundleJson(text: string, name: string): Result<unknown, BundleError> {
  const start = text.replace(/^[\s\ufeff]+/, '').slice(0, 100);
  if (start.startsWith('<')) {
    return refuse(
      `"${name}" is a web page (HTML), not a Gradlab bundle. If it came from an address, that ` +
        'address leads to a page about the file rather than to the file itself: use its raw or ' +
        'download address.',
      /^<(!doctype\s+html|html|head|body)\b/i.test(start) ? 'file-html' : 'file-markup',
    );
  }
  return parseJsonSafely(text, BUNDLE_JSON_LIMITS);
}

function decodeZip(bytes: Uint8Array, name: string): Result<DecodedBundleFile, BundleError> {
  const entries = unzipCapped(bytes, BUNDLE_FILE_LIMITS);
  if (!entries.ok) {
    const { error } = entries;
    const reason =
      error instanceof DataFormatError
        ? error.reason
        : error.limit === 'inflated-bytes'
          ? 'file-inflated-too-large'
          : 'file-too-many-entries';
    return refuse(error.message, reason);
  }
  let json: Uint8Array | undefined;
  const extras: [string, Uint8Array][] = [];
  for (const entry of entries.value) {
    if (entry.path === BUNDLE_JSON_ENTRY) {
      json = entry.bytes;
    } else if (entry.path.split('/').some((s) => FORBIDDEN_KEYS.has(s))) {
      return refuse(
        `"${name}" holds an entry named "${entry.path}", a name Gradlab refuses; the file was ` +
          'damaged or crafted.',
        'file-forbidden-name',
      );
    } else {
      extras.push([entry.path, entry.bytes]);
    }
  }
  if (json === undefined) {
    return refuse(
      `"${name}" is a ZIP file without ${BUNDLE_JSON_ENTRY} at its top level, so it is not a ` +
        'Gradlab bundle file.',
      'file-no-bundle-json',
    );
  }
  const text = decodeText(json);
  if (text === null) {
    return refuse(
      `${BUNDLE_JSON_ENTRY} in "${name}" is not UTF-8 text; the file is damaged.`,
      'file-not-text',
    );
  }
  const parsed = parseBundleJson(text, name);
  // Object.fromEntries defines own properties, so no entry name can reach a prototype.
  return parsed.ok ? ok({ json: parsed.value, extras: Object.fromEntries(extras) }) : parsed;
}
