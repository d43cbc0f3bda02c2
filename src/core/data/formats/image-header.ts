/**
 * Image checks from the bytes alone, before anything is decoded: the format (from the content, not
 * the name), the dimensions from the header, and whether the file is complete. A few-KB file that
 * declares 60000x60000 pixels is refused here, before the browser's decoder could allocate for it.
 */
import { DataFormatError, LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { formatBytes } from './inflate';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

export const IMAGE_LIMITS = {
  maxSide: 8192,
  maxPixels: 40_000_000,
  maxBytes: 20 * 1024 * 1024,
} as const;

const EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  gif: 'gif',
  bmp: 'bmp',
  dib: 'bmp',
  webp: 'webp',
};

const LABELS: Readonly<Record<ImageFormat, string>> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  bmp: 'BMP',
  webp: 'WebP',
};

/** The image format a file name's extension claims, or null for any other name. */
export function formatFromFileName(fileName: string): ImageFormat | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0 || dot < fileName.lastIndexOf('/')) return null;
  return EXTENSIONS[fileName.slice(dot + 1).toLowerCase()] ?? null;
}

type SniffError = DataFormatError | LimitExceededError;

export function sniffImage(bytes: Uint8Array, fileName?: string): Result<ImageInfo, SniffError> {
  const subject = fileName ? `"${fileName}"` : 'This image';
  if (bytes.length > IMAGE_LIMITS.maxBytes) {
    return err(
      new LimitExceededError(
        `${subject} is ${formatBytes(bytes.length)}; Gradlab accepts images up to ` +
          `${formatBytes(IMAGE_LIMITS.maxBytes)}. Resize or recompress it first.`,
        'bytes',
      ),
    );
  }
  const claimed = fileName ? formatFromFileName(fileName) : null;
  const format = detectFormat(bytes);
  if (format === null) {
    return claimed
      ? fault(
          `${subject} is named as a ${LABELS[claimed]} image but its bytes are not an image ` +
            'Gradlab can read (PNG, JPEG, GIF, BMP, WebP). Export it again as an image.',
          'extension-mismatch',
        )
      : fault(
          `${subject} is not an image Gradlab can read (PNG, JPEG, GIF, BMP or WebP).`,
          'not-image',
        );
  }
  if (claimed !== null && claimed !== format) {
    return fault(
      `${subject} is named as a ${LABELS[claimed]} image but its bytes are a ${LABELS[format]} ` +
        `image. Rename it to match, or export it again as ${LABELS[claimed]}.`,
      'extension-mismatch',
    );
  }
  const header = READERS[format](bytes);
  if (header === 'bad') {
    return fault(`${subject} has a damaged ${LABELS[format]} header.`, 'bad-image');
  }
  const truncated = () =>
    fault(
      `${subject} is incomplete: the ${LABELS[format]} file is cut short. Download or export it again.`,
      'truncated-image',
    );
  if (header === 'cut') return truncated();
  const { width, height } = header;
  if (width === 0 || height === 0) {
    return fault(`${subject} declares a size of ${width} x ${height} pixels.`, 'bad-image');
  }
  if (
    width > IMAGE_LIMITS.maxSide ||
    height > IMAGE_LIMITS.maxSide ||
    width * height > IMAGE_LIMITS.maxPixels
  ) {
    return err(
      new LimitExceededError(
        `${subject} is ${width} x ${height} pixels; Gradlab accepts images up to ` +
          `${IMAGE_LIMITS.maxSide} pixels a side and ${IMAGE_LIMITS.maxPixels / 1e6} megapixels. ` +
          'Resize it first.',
        'pixels',
      ),
    );
  }
  if (!header.complete) return truncated();
  return ok({ format, width, height });
}

const fault = (message: string, reason: string) => err(new DataFormatError(message, reason));

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BMP_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function detectFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  // "BM" alone is too weak a signature; the DIB header size must be one that exists too.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 18) {
    const dibSize = new DataView(bytes.buffer, bytes.byteOffset, 18).getUint32(14, true);
    if (BMP_HEADER_SIZES.has(dibSize)) return 'bmp';
  }
  return null;
}

/** 'cut' when the header itself is cut short, 'bad' when it is unreadable. */
type Header = { width: number; height: number; complete: boolean } | 'cut' | 'bad';

const dataView = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

const READERS: Readonly<Record<ImageFormat, (bytes: Uint8Array) => Header>> = {
  png: readPng,
  jpeg: readJpeg,
  gif: readGif,
  bmp: readBmp,
  webp: readWebp,
};

/** IHDR comes first; the file is complete when its chunks run whole up to IEND. */
function readPng(bytes: Uint8Array): Header {
  if (bytes.length < 33) return 'cut';
  const view = dataView(bytes);
  if (view.getUint32(8) !== 13 || !startsWith(bytes, ascii('IHDR'), 12)) return 'bad';
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let complete = false;
  for (let p = 8; p + 8 <= bytes.length;) {
    const end = p + 12 + view.getUint32(p);
    if (end > bytes.length) break;
    if (startsWith(bytes, ascii('IEND'), p + 4)) {
      complete = true;
      break;
    }
    p = end;
  }
  return { width, height, complete };
}

const isStandaloneMarker = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);
/** SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc), which share the range. */
const isFrameMarker = (m: number) =>
  m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Walks the marker segments up to the first scan (SOS), taking the size from the frame header;
 * the file is complete when an EOI marker follows. In entropy-coded data every 0xff byte is
 * followed by 0x00 or a restart marker, so the first ff d9 after the scan is the real EOI.
 */
function readJpeg(bytes: Uint8Array): Header {
  const view = dataView(bytes);
  let size: { width: number; height: number } | null = null;
  let p = 2;
  for (;;) {
    if (p >= bytes.length) return 'cut';
    if (bytes[p] !== 0xff) return 'bad';
    while (bytes[p] === 0xff) p++;
    if (p >= bytes.length) return 'cut';
    const marker = bytes[p] ?? 0;
    p++;
    if (isStandaloneMarker(marker)) continue;
    if (marker === 0xd9) return 'bad';
    if (p + 2 > bytes.length) return 'cut';
    const segmentEnd = p + view.getUint16(p);
    if (segmentEnd < p + 2) return 'bad';
    if (segmentEnd > bytes.length) return 'cut';
    if (isFrameMarker(marker)) {
      if (segmentEnd < p + 7) return 'bad';
      size = { height: view.getUint16(p + 3), width: view.getUint16(p + 5) };
    }
    if (marker === 0xda) {
      if (size === null) return 'bad';
      return { ...size, complete: hasEoi(bytes, segmentEnd) };
    }
    p = segmentEnd;
  }
}

function hasEoi(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.indexOf(0xff, from); i >= 0; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** GIF needs no more than its logical screen: frames never exceed it in browsers' decoders. */
function readGif(bytes: Uint8Array): Header {
  if (bytes.length < 13) return 'cut';
  const view = dataView(bytes);
  return { width: view.getUint16(6, true), height: view.getUint16(8, true), complete: true };
}

function readBmp(bytes: Uint8Array): Header {
  const view = dataView(bytes);
  const dibSize = view.getUint32(14, true);
  if (bytes.length < 14 + Math.min(dibSize, 16)) return 'cut';
  const [width, height] =
    dibSize === 12
      ? [view.getUint16(18, true), view.getUint16(20, true)]
      : [Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true))];
  const fileSize = view.getUint32(2, true);
  const pixelsAt = view.getUint32(10, true);
  // Some writers leave the file size 0; where it is set, a shorter file was cut.
  const complete = pixelsAt < bytes.length && (fileSize === 0 || fileSize <= bytes.length);
  return { width, height, complete };
}

function readWebp(bytes: Uint8Array): Header {
  if (bytes.length < 30) return 'cut';
  const view = dataView(bytes);
  const complete = 8 + view.getUint32(4, true) <= bytes.length;
  if (startsWith(bytes, ascii('VP8 '), 12)) {
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return 'bad';
    return {
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
      complete,
    };
  }
  if (startsWith(bytes, ascii('VP8L'), 12)) {
    if (bytes[20] !== 0x2f) return 'bad';
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, complete };
  }
  if (startsWith(bytes, ascii('VP8X'), 12)) {
    const u24 = (at: number) =>
      (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
    return { width: u24(24) + 1, height: u24(27) + 1, complete };
  }
  return 'bad';
}
