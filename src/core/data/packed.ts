/**
 * The one binary form every stored dataset takes, whatever it came from (the shipped files, a
 * download, an imported CSV or image folder): a small JSON header, then the features, then the
 * labels or targets, each 4-byte aligned so they can be viewed in place without copying.
 *
 *   "GDS1" | u32 LE header length | header JSON (UTF-8) | pad | x | pad | y
 *
 * Packing is deterministic (no timestamps), so the SHA-256 of the packed bytes names the content:
 * the same file imported twice with the same choices gives the same bytes and is stored once.
 */
import type { Dataset, Tokenizer } from './dataset';
import { DataFormatError } from '../errors';
import { err, ok, type Result } from '../result';
import { tokenizerProblem } from './tokenizer';

export const PACKED_MAGIC = 'GDS1';

export interface PackedHeader {
  name: string;
  /** How to preview it: a 2-D scatter, a table, an image grid, or decoded text. */
  kind: 'points' | 'tabular' | 'image' | 'text';
  /** 'sequence': next-token prediction, y holds a target id per position (PAD_ID: none). */
  task: 'classification' | 'regression' | 'sequence';
  count: number;
  /**
   * Shape of one example: [features] for tables, [height, width, channels] for images, [T] token
   * ids for text.
   */
  inputShape: number[];
  /** uint8 features are pixel intensities, read as value / 255; uint16 ones are token ids. */
  xType: 'uint8' | 'uint16' | 'float32';
  /** One name per class; empty for regression and sequences. */
  classNames: string[];
  /** The name of each feature after encoding (tables); empty for images. */
  featureNames: string[];
  /**
   * The column predicted (tables), so results can name it ("typical error 2.9 mpg"); absent where
   * the data does not name its target (images, datasets packed before it was recorded).
   */
  targetName?: string;
  /** Text (and only text): how its token ids map to text; in the header, so in the SHA-256. */
  tokenizer?: Tokenizer;
}

export interface PackedDataset {
  header: PackedHeader;
  x: Uint8Array | Uint16Array | Float32Array;
  /**
   * Class indices for classification, target values for regression, target ids for sequences
   * (count x T).
   */
  y: Uint16Array | Float32Array;
}

const align4 = (n: number): number => (n + 3) & ~3;
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function encodePacked(data: PackedDataset): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(data.header));
  const xStart = align4(8 + headerBytes.length);
  const yStart = align4(xStart + data.x.byteLength);
  const out = new Uint8Array(yStart + data.y.byteLength);
  out.set(new TextEncoder().encode(PACKED_MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  out.set(new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength), xStart);
  out.set(new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength), yStart);
  return out;
}

const corrupt = (detail: string) =>
  err(
    new DataFormatError(
      `This stored dataset is damaged (${detail}). Delete it in the storage panel and add it again.`,
      'packed-corrupt',
    ),
  );

/** Reads packed bytes back; the arrays view `bytes` when it is aligned, else are copies. */
export function decodePacked(bytes: Uint8Array): Result<PackedDataset, DataFormatError> {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== PACKED_MAGIC) {
    return corrupt('it does not start with the Gradlab dataset signature');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) return corrupt('its header runs past the end');
  let header: PackedHeader;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
    ) as PackedHeader;
  } catch {
    return corrupt('its header is not valid JSON');
  }
  if (!isHeader(header)) return corrupt('its header lacks required fields');
  const textProblem = textHeaderProblem(header);
  if (textProblem !== null) return corrupt(textProblem);
  const xLength = header.count * product(header.inputShape);
  const xBytes = xLength * X_BYTES[header.xType];
  const xStart = align4(8 + headerLength);
  const yStart = align4(xStart + xBytes);
  const yLength = header.task === 'sequence' ? xLength : header.count;
  const yBytes = yLength * (header.task === 'regression' ? 4 : 2);
  if (yStart + yBytes !== bytes.length) {
    return corrupt(`it holds ${bytes.length} bytes where ${yStart + yBytes} were expected`);
  }
  const x =
    header.xType === 'uint8'
      ? bytes.subarray(xStart, xStart + xBytes)
      : header.xType === 'uint16'
        ? viewOrCopy(bytes, xStart, xLength, Uint16Array)
        : viewOrCopy(bytes, xStart, xLength, Float32Array);
  const y =
    header.task === 'regression'
      ? viewOrCopy(bytes, yStart, yLength, Float32Array)
      : viewOrCopy(bytes, yStart, yLength, Uint16Array);
  if (y instanceof Uint16Array && header.task === 'classification') {
    const classes = header.classNames.length;
    if (classes > 0 && y.some((label) => label >= classes))
      return corrupt('a label names a class it does not have');
  }
  if (header.tokenizer !== undefined) {
    const size = header.tokenizer.vocab.length;
    if (x.some((id) => id >= size) || (header.task === 'sequence' && y.some((id) => id >= size)))
      return corrupt('a token id is not in its vocabulary');
  }
  return ok({ header, x, y });
}

const X_BYTES: Record<PackedHeader['xType'], number> = { uint8: 1, uint16: 2, float32: 4 };

/** Text comes as uint16 token ids with its tokenizer, and only text has one. */
function textHeaderProblem(header: PackedHeader): string | null {
  const text = header.kind === 'text';
  if (text !== (header.tokenizer !== undefined)) {
    return text ? 'its text has no tokenizer' : 'it has a tokenizer but is not text';
  }
  if (text !== (header.xType === 'uint16')) return 'its token ids are not stored as uint16';
  if (header.task === 'sequence' && !text) return 'only text is a sequence task';
  if (text && header.task === 'regression') return 'text is not a regression task';
  return header.tokenizer === undefined ? null : tokenizerProblem(header.tokenizer);
}

function viewOrCopy<T extends Float32Array | Uint16Array>(
  bytes: Uint8Array,
  start: number,
  length: number,
  Type: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
): T {
  const offset = bytes.byteOffset + start;
  if (offset % Type.BYTES_PER_ELEMENT === 0) {
    return new Type(bytes.buffer as ArrayBuffer, offset, length);
  }
  const copy = bytes.slice(start, start + length * Type.BYTES_PER_ELEMENT);
  return new Type(copy.buffer, 0, length);
}

function isHeader(h: unknown): h is PackedHeader {
  if (typeof h !== 'object' || h === null) return false;
  const r = h as Record<string, unknown>;
  const positiveInts = (a: unknown) =>
    Array.isArray(a) &&
    a.length > 0 &&
    a.every((d) => Number.isSafeInteger(d) && (d as number) > 0);
  const strings = (a: unknown) => Array.isArray(a) && a.every((s) => typeof s === 'string');
  return (
    typeof r.name === 'string' &&
    (r.kind === 'points' || r.kind === 'tabular' || r.kind === 'image' || r.kind === 'text') &&
    (r.task === 'classification' || r.task === 'regression' || r.task === 'sequence') &&
    Number.isSafeInteger(r.count) &&
    (r.count as number) >= 0 &&
    positiveInts(r.inputShape) &&
    (r.xType === 'uint8' || r.xType === 'uint16' || r.xType === 'float32') &&
    strings(r.classNames) &&
    strings(r.featureNames) &&
    (r.targetName === undefined || typeof r.targetName === 'string') &&
    (r.task !== 'classification' || (r.classNames as string[]).length >= 2)
  );
}

/** The training form: float features (pixels scaled to [0, 1], token ids as they are), int labels. */
export function toDataset(packed: PackedDataset): Dataset {
  const { header } = packed;
  const x =
    packed.x instanceof Float32Array
      ? packed.x
      : packed.x instanceof Uint16Array
        ? Float32Array.from(packed.x)
        : scaledPixels(packed.x);
  const base = { n: header.count, inputShape: [...header.inputShape], x };
  const { tokenizer } = header;
  if (header.task === 'sequence' && tokenizer !== undefined) {
    return {
      ...base,
      task: 'sequence',
      targets: Int32Array.from(packed.y),
      numClasses: tokenizer.vocab.length,
      tokenizer,
    };
  }
  return header.task === 'classification'
    ? {
        ...base,
        task: 'classification',
        labels: Int32Array.from(packed.y),
        numClasses: header.classNames.length,
        ...(tokenizer === undefined ? {} : { tokenizer }),
      }
    : { ...base, task: 'regression', targets: Float32Array.from(packed.y) };
}

/** Pixels to [0, 1]; a plain loop, as Float32Array.from with a map function is ~25x slower. */
function scaledPixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}
