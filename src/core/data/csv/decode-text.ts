/**
 * Bytes of a user's text file to a string. Spreadsheets save CSV as UTF-8 (with or without a BOM),
 * as UTF-16 ("Unicode text") or in the old Windows code page, and none of them says which, so the
 * encoding is guessed: a BOM wins; then bytes with many zeros at every other position are UTF-16
 * without a BOM; then strict UTF-8; anything that is not valid UTF-8 is read as windows-1252,
 * which decodes every byte (it is what browsers use for "latin1" / ISO-8859-1 too).
 */
import { DataFormatError } from '../../errors';
import { err, ok, type Result } from '../../result';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** How many leading bytes the BOM-less UTF-16 guess looks at. */
const SNIFF_BYTES = 4096;

export function decodeText(bytes: Uint8Array): Result<DecodedText, DataFormatError> {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return decodeWith('utf-8', bytes.subarray(3));
  }
  if (b0 === 0xff && b1 === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (bytes.length === 0) return emptyFile();
  const utf16 = guessUtf16(bytes);
  if (utf16) return decodeWith(utf16, bytes);
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return ok({ text, encoding: 'utf-8' });
  } catch {
    return ok({ text: decodeWindows1252(bytes), encoding: 'windows-1252' });
  }
}

function decodeWith(
  encoding: Exclude<TextEncodingName, 'windows-1252'>,
  bytes: Uint8Array,
): Result<DecodedText, DataFormatError> {
  if (bytes.length === 0) return emptyFile();
  // ignoreBOM keeps a second BOM as text rather than silently eating it: the first one is gone.
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  return ok({ text, encoding });
}

/**
 * CSV text is mostly ASCII, so UTF-16 shows as a zero byte in nearly every pair: at odd positions
 * for little-endian, even for big-endian. Real UTF-8 or Latin-1 text has almost no zero bytes.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  if (pairs === 0) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) zeroEven++;
    if (bytes[2 * i + 1] === 0) zeroOdd++;
  }
  const many = pairs * 0.4;
  const few = pairs * 0.05;
  if (zeroOdd >= many && zeroEven <= few) return 'utf-16le';
  if (zeroEven >= many && zeroOdd <= few) return 'utf-16be';
  return null;
}

/** 0x80-0x9F in windows-1252; every other byte is the code point of the same number. */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1_CONTROLS = /[\u0080-\u009f]/g;

/**
 * Node's TextDecoder reads the 'windows-1252' label as ISO-8859-1 (0x80 becomes U+0080, not €),
 * browsers do not; mapping the C1 controls left over afterwards gives the same text in both.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return text.replace(C1_CONTROLS, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? c);
}

function emptyFile(): Result<never, DataFormatError> {
  return err(
    new DataFormatError(
      'The file is empty: it holds no text. Choose a CSV file with a row of values per line.',
      'empty-file',
    ),
  );
}
