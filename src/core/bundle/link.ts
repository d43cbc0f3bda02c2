/**
 * The two link forms of a bundle, as URL fragments (never sent to a server):
 * - inline `#b=<base64url(deflate-raw(canonical JSON))>`, compressed with fflate's `deflateSync`
 *   at level 9 rather than CompressionStream, so the same bundle gives the same link in every
 *   browser and in Node;
 * - by reference `#url=<percent-encoded https URL>&sha256=<hex>`, sha256 optional.
 *
 * The fragment is split on `&` and each key and value is percent-decoded exactly once, with
 * `decodeURIComponent` (so `+` stays `+`, unlike form encoding). Unknown keys are ignored, so a
 * later version may add some; a key given twice is refused. Decoding validates only the encoding:
 * the JSON of an inline link still has to pass the bundle validation.
 */
import { deflateSync } from 'fflate';
import { checkDownloadUrl } from '../data/catalog';
import { formatBytes, inflateRawCapped } from '../data/formats/inflate';
import { BundleError, LimitExceededError } from '../errors';
import { isSha256Hex } from '../hash';
import { err, ok, type Result } from '../result';
import { decodeBase64url, encodeBase64url } from './base64url';
import { BUNDLE_JSON_LIMITS, parseJsonSafely } from './json-limits';

export type LinkPayload =
  { kind: 'inline'; json: unknown } | { kind: 'url'; url: string; sha256: string | null };

/** Inline fragments longer than this (in bytes, i.e. characters) are better shared as a file. */
export const LINK_BUDGET_BYTES = 8 * 1024;
/** Fragments longer than this are refused before any decoding; browsers cap URLs near 2 MB. */
export const MAX_LINK_CHARS = 4 * 1024 * 1024;
/** Cap on the bytes an inline link may inflate to, counted while inflating. */
export const MAX_LINK_INFLATED_BYTES = 16 * 1024 * 1024;

const refuse = (message: string, reason: string) => err(new BundleError(message, reason));

/**
 * The inline fragment (`#b=...`) of a bundle's canonical JSON and its length. Synchronous and
 * about 1 ms for a lesson without weights; with megabytes of inline weights, call it in a worker.
 */
export function encodeInlineLink(canonicalJsonText: string): { fragment: string; bytes: number } {
  const deflated = deflateSync(new TextEncoder().encode(canonicalJsonText), { level: 9 });
  const fragment = `#b=${encodeBase64url(deflated)}`;
  return { fragment, bytes: fragment.length };
}

/** The by-reference fragment (`#url=...&sha256=...`), refusing what `decodeLink` would refuse. */
export function encodeUrlLink(url: string, sha256: string | null): Result<string, BundleError> {
  const checked = checkReference(url, sha256);
  if (!checked.ok) return checked;
  const { url: href, sha256: hash } = checked.value;
  return ok(`#url=${encodeURIComponent(href)}${hash === null ? '' : `&sha256=${hash}`}`);
}

/** What a `#b=` or `#url=` fragment (with or without its `#`) points at; never throws. */
export function decodeLink(hash: string): Result<LinkPayload, BundleError> {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.length > MAX_LINK_CHARS) {
    return refuse(
      `This link is longer than ${formatBytes(MAX_LINK_CHARS)}, more than Gradlab opens from a ` +
        'link. Share the bundle as a file instead.',
      'link-too-long',
    );
  }
  const params = new Map<string, string>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeOnce(eq < 0 ? part : part.slice(0, eq));
    const value = decodeOnce(eq < 0 ? '' : part.slice(eq + 1));
    if (key === null || value === null) {
      return refuse(
        'The link holds a "%" that is not followed by two hexadecimal digits: it was cut or ' +
          'altered. Copy the whole link again.',
        'link-percent-encoding',
      );
    }
    if (params.has(key)) {
      return refuse(
        `The link gives "${key.slice(0, 20)}" twice, so Gradlab cannot tell which to open. Copy ` +
          'the link again as it was shared.',
        'link-duplicate-key',
      );
    }
    params.set(key, value);
  }
  const inline = params.get('b');
  const url = params.get('url');
  if (inline !== undefined && url !== undefined) {
    return refuse(
      'The link holds both an inline bundle ("b=") and an address ("url="); Gradlab opens ' +
        'only one. Copy the link again as it was shared.',
      'link-ambiguous',
    );
  }
  if (inline !== undefined) return decodeInline(inline);
  if (url !== undefined) {
    const checked = checkReference(url, params.get('sha256') ?? null);
    return checked.ok ? ok({ kind: 'url', ...checked.value }) : checked;
  }
  return refuse(
    'This link holds no bundle: it has neither "#b=" nor "#url=". Copy the whole link again.',
    'link-no-bundle',
  );
}

/** One round of percent-decoding; null when a `%` is not a valid escape. */
function decodeOnce(text: string): string | null {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const ENCODED_TWICE = /%[0-9a-fA-F]{2}/;

function decodeInline(text: string): Result<LinkPayload, BundleError> {
  if (text === '') {
    return refuse(
      'The link ends right after "#b=", with no bundle in it: it was cut short when copied. ' +
        'Copy the whole link again.',
      'link-empty',
    );
  }
  if (ENCODED_TWICE.test(text)) {
    return refuse(
      'The link was percent-encoded twice (it holds "%" escapes after decoding), as happens ' +
        'when a link is pasted into another link. Copy the original link instead.',
      'link-double-encoded',
    );
  }
  const deflated = decodeBase64url(text);
  if (!deflated.ok) return deflated;
  const inflated = inflateRawCapped(deflated.value, MAX_LINK_INFLATED_BYTES);
  if (!inflated.ok) {
    return inflated.error instanceof LimitExceededError
      ? refuse(
          `This link expands to more than ${formatBytes(MAX_LINK_INFLATED_BYTES)}, more than ` +
            'any Gradlab link holds; it was damaged or crafted. Nothing was opened.',
          'link-inflated-too-large',
        )
      : refuse(
          'The link is damaged or cut short: its bundle cannot be decompressed. Copy the whole ' +
            'link again.',
          'link-bad-deflate',
        );
  }
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated.value);
  } catch {
    return refuse(
      'The link decompresses to something that is not text, so it is not a Gradlab bundle.',
      'link-not-text',
    );
  }
  const parsed = parseJsonSafely(json, BUNDLE_JSON_LIMITS);
  return parsed.ok ? ok({ kind: 'inline', json: parsed.value }) : parsed;
}

function checkReference(
  text: string,
  sha256: string | null,
): Result<{ url: string; sha256: string | null }, BundleError> {
  if (/^[a-z][a-z0-9+.-]*%3a/i.test(text)) {
    return refuse(
      'The address in this link was percent-encoded twice, as happens when a link is pasted ' +
        'into another link. Copy the original link instead.',
      'link-double-encoded',
    );
  }
  const checked = checkDownloadUrl(text);
  if (!checked.ok) {
    return refuse(
      `The link's address cannot be opened: ${checked.why} Share the bundle file from an https ` +
        'address.',
      'link-refused-url',
    );
  }
  if (checked.url.username !== '' || checked.url.password !== '') {
    return refuse(
      'The link\'s address holds a user name or password ("user@host"). Gradlab sends no ' +
        'credentials; share a public https address of the bundle file.',
      'link-url-credentials',
    );
  }
  if (sha256 === null) return ok({ url: checked.url.href, sha256: null });
  const hex = sha256.toLowerCase();
  if (!isSha256Hex(hex)) {
    return refuse(
      "The link's sha256 must be 64 hexadecimal digits (0-9, a-f); this one is not, so the " +
        'link was cut or altered. Copy the whole link again.',
      'link-bad-sha256',
    );
  }
  return ok({ url: checked.url.href, sha256: hex });
}
