/**
 * base64url (RFC 4648 §5) without padding, the alphabet of inline links. Decoding is strict: a
 * link that went through a mail client or an editor often comes back as standard base64, padded,
 * or broken across lines, and each of those gets its own message rather than a silent repair.
 */
import { BundleError } from '../errors';
import { err, ok, type Result } from '../result';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int8Array(128).fill(-1);
for (const [i, code] of ENCODE.entries()) DECODE[code] = i;

/** base64url text of `bytes`, no padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  const letter = (n: number) => ENCODE[n & 63] ?? 0;
  // Reading past the end gives 0, the padding bits of the last group.
  const at = (i: number) => bytes[i] ?? 0;
  for (let i = 0, o = 0; i < bytes.length; i += 3, o += 4) {
    const n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out[o] = letter(n >>> 18);
    out[o + 1] = letter(n >>> 12);
    if (o + 2 < out.length) out[o + 2] = letter(n >>> 6);
    if (o + 3 < out.length) out[o + 3] = letter(n);
  }
  // The output is ASCII, so decoding it as UTF-8 builds the string in one call of any length.
  return new TextDecoder().decode(out);
}

const refuse = (message: string, reason: string) => err(new BundleError(message, reason));

/** The bytes of base64url `text`; refuses anything but the 64 letters, in a length that can end. */
export function decodeBase64url(text: string): Result<Uint8Array, BundleError> {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((DECODE[code] ?? -1) >= 0) continue;
    return refuseCharacter(text, i);
  }
  const rest = text.length % 4;
  if (rest === 1) {
    return refuse(
      'The link is cut short: its encoded part has a length no complete link can have. Copy the ' +
        'whole link again.',
      'base64url-truncated',
    );
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  for (let i = 0, o = 0; i < text.length; i += 4, o += 3) {
    const n =
      (sextet(text, i) << 18) |
      (sextet(text, i + 1) << 12) |
      (sextet(text, i + 2) << 6) |
      sextet(text, i + 3);
    out[o] = n >>> 16;
    if (o + 1 < out.length) out[o + 1] = n >>> 8;
    if (o + 2 < out.length) out[o + 2] = n;
  }
  // Bits beyond the last whole byte must be zero in canonical base64url; anything else means the
  // text was cut or altered.
  const spare = rest === 2 ? 4 : rest === 3 ? 2 : 0;
  if (spare > 0 && (sextet(text, text.length - 1) & ((1 << spare) - 1)) !== 0) {
    return refuse(
      'The link is damaged: its encoded part does not end the way a complete link does. Copy ' +
        'the whole link again.',
      'base64url-trailing-bits',
    );
  }
  return ok(out);
}

/** The 6-bit value of the letter at `i`; 0 past the end, the padding of the last group. */
const sextet = (text: string, i: number) => DECODE[text.charCodeAt(i)] ?? 0;

function refuseCharacter(text: string, i: number): Result<never, BundleError> {
  const c = text.charAt(i);
  if (c === '+' || c === '/') {
    return refuse(
      `The link holds "${c}" at position ${i + 1}: it was turned into standard base64, which ` +
        'links do not use. Copy the link as Gradlab gave it, without changes.',
      'base64url-standard',
    );
  }
  if (c === '=') {
    return refuse(
      'The link ends with "=" padding, which Gradlab links never have: it was changed after it ' +
        'was made. Copy the link as Gradlab gave it.',
      'base64url-padding',
    );
  }
  if (/\s/.test(c)) {
    return refuse(
      `The link holds a space or line break at position ${i + 1}: it was probably wrapped by an ` +
        'email or chat program. Join it into one line, or share the file instead.',
      'base64url-whitespace',
    );
  }
  const shown = c.charCodeAt(0) < 32 ? `character ${c.charCodeAt(0)}` : `"${c}"`;
  return refuse(
    `The link holds ${shown} at position ${i + 1}, which cannot appear in a Gradlab link. ` +
      'Copy the whole link again.',
    'base64url-character',
  );
}
