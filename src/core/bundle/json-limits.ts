/**
 * JSON.parse for text from links and files, behind limits. A linear, non-recursive scan refuses
 * text that is too large, nests too deep, or holds too long an array or too many keys before
 * JSON.parse builds anything, so 100k-deep nesting or a 10M-element array costs a few
 * milliseconds and no stack. Keys that can reach an object's prototype (`__proto__`,
 * `constructor`, `prototype`) are refused outright: JSON.parse makes `__proto__` an own property,
 * harmless until some later spread or merge copies it onto a prototype.
 *
 * Lone surrogates and NUL inside strings are valid JSON and pass here; the bundle schema decides
 * where they are refused (titles, names).
 */
import { BundleError } from '../errors';
import { formatBytes } from '../data/formats/inflate';
import { err, ok, type Result } from '../result';

export interface JsonLimits {
  /** UTF-8 length of the whole text. */
  maxBytes: number;
  /** Arrays and objects inside one another; the top-level value is depth 1. */
  maxDepth: number;
  /** Items in any one array. */
  maxArrayLength: number;
  /** Keys in any one object. */
  maxKeys: number;
}

/**
 * Limits for `bundle.json`: room for inline base64 weights of a small CNN and 10,000 epochs of
 * metrics, far under what could hang a tab.
 */
export const BUNDLE_JSON_LIMITS: JsonLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxArrayLength: 1_000_000,
  maxKeys: 10_000,
};

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

const refuse = (message: string, reason: string) => err(new BundleError(message, reason));

/** The value of JSON `text`, or why it was refused; never throws. */
export function parseJsonSafely(text: string, limits: JsonLimits): Result<unknown, BundleError> {
  const scanned = scan(text, limits);
  if (!scanned.ok) return scanned;
  let forbidden: string | null = null;
  try {
    return ok(
      JSON.parse(text, (key, value: unknown) => {
        if (FORBIDDEN_KEYS.has(key)) {
          forbidden = key;
          throw new Error(key);
        }
        return value;
      }),
    );
  } catch (error) {
    if (forbidden !== null) {
      return refuse(
        `This bundle holds a field named "${forbidden}". Gradlab refuses that name because it ` +
          'can change how other objects behave; the bundle was damaged or crafted.',
        'json-forbidden-key',
      );
    }
    const detail = error instanceof Error ? error.message.slice(0, 160) : String(error);
    return refuse(
      `This is not valid JSON (${detail}). The file or link is damaged or is not a Gradlab ` +
        'bundle.',
      'bad-json',
    );
  }
}

/**
 * Refuses text over the limits without building it. Only structure is tracked (string contents
 * are skipped, escapes included); syntax errors are left to JSON.parse, which runs only after.
 */
function scan(text: string, limits: JsonLimits): Result<true, BundleError> {
  // A UTF-16 unit is at least one UTF-8 byte, so a longer text is too large without counting.
  if (text.length > limits.maxBytes) return tooLarge(limits);
  const isArray = new Uint8Array(limits.maxDepth + 1);
  const items = new Float64Array(limits.maxDepth + 1);
  let depth = 0;
  let bytes = 0;
  const checkItems = (): Result<true, BundleError> | null => {
    const count = items[depth] ?? 0;
    if (isArray[depth] === 1 && count > limits.maxArrayLength) {
      return refuse(
        `This bundle holds a list of more than ${limits.maxArrayLength.toLocaleString('en')} ` +
          'items, more than Gradlab opens; it was damaged or crafted.',
        'json-array-too-long',
      );
    }
    if (isArray[depth] === 0 && count > limits.maxKeys) {
      return refuse(
        `This bundle holds an object with more than ${limits.maxKeys.toLocaleString('en')} ` +
          'fields, more than Gradlab opens; it was damaged or crafted.',
        'json-too-many-keys',
      );
    }
    return null;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += utf8Length(c);
    if (c === COMMA) {
      if (depth === 0) continue;
      items[depth] = (items[depth] ?? 0) + 1;
      const refused = checkItems();
      if (refused) return refused;
      continue;
    }
    if (c === COLON || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
      continue;
    }
    // Anything else starts or continues a value (or a key): the container is not empty.
    if (items[depth] === 0) items[depth] = 1;
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === limits.maxDepth) {
        return refuse(
          `This bundle nests more than ${limits.maxDepth} levels deep; no Gradlab bundle does. ` +
            'It was damaged or crafted.',
          'json-too-deep',
        );
      }
      depth++;
      isArray[depth] = c === OPEN_ARRAY ? 1 : 0;
      items[depth] = 0;
    } else if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        bytes += utf8Length(s);
        if (s === QUOTE) break;
        if (s === BACKSLASH && i + 1 < text.length) bytes += utf8Length(text.charCodeAt(++i));
      }
    }
    if (bytes > limits.maxBytes) return tooLarge(limits);
  }
  return bytes > limits.maxBytes ? tooLarge(limits) : ok(true);
}

/** UTF-8 bytes of one UTF-16 unit; each half of a surrogate pair counts two of its four. */
const utf8Length = (c: number) => (c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3);

const tooLarge = (limits: JsonLimits) =>
  refuse(
    `This bundle is larger than ${formatBytes(limits.maxBytes)}, more than Gradlab opens.`,
    'json-too-large',
  );
