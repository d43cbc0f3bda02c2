/**
 * gzip and raw-deflate decompression with a hard cap on the bytes produced. Declared sizes are
 * never trusted: the input is pushed through fflate's streaming decoders in small slices and the
 * output is counted as it comes, so a bomb is stopped after at most one slice's worth of excess.
 */
import { Gunzip, Inflate } from 'fflate';
import { DataFormatError, LimitExceededError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { crc32 } from './crc32';
import { concatBytes } from '../../bytes';

export type InflateError = DataFormatError | LimitExceededError;

/** True when `bytes` starts with the gzip signature (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const MIN_GZIP_LENGTH = 18; // 10-byte header, an empty deflate block, 8-byte trailer

/** Decompresses a gzip file, refusing it once more than `maxOutputBytes` have come out. */
export function gunzipCapped(
  bytes: Uint8Array,
  maxOutputBytes: number,
): Result<Uint8Array, InflateError> {
  const bad = (detail: string) =>
    err(
      new DataFormatError(
        `This gzip file is damaged or incomplete (${detail}). Download or export it again.`,
        'bad-gzip',
      ),
    );
  if (!isGzip(bytes) || bytes.length < MIN_GZIP_LENGTH) return bad('it has no gzip header');
  let members = 1;
  const result = runCapped(
    (ondata) => {
      const stream = new Gunzip(ondata);
      stream.onmember = () => {
        members++;
      };
      return stream;
    },
    bytes,
    maxOutputBytes,
  );
  if (!result.ok) {
    return result.error === 'corrupt' ? bad('its compressed data is invalid') : err(result.error);
  }
  // fflate does not read the trailer, so a file cut inside it would pass unnoticed. With several
  // members (rare: bgzip, concatenated files) only fflate's own checks apply.
  if (members === 1) {
    const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
    const out = result.value;
    if (
      trailer.getUint32(0, true) !== crc32(out) ||
      trailer.getUint32(4, true) !== out.length % 2 ** 32
    ) {
      return bad('its checksum does not match its content');
    }
  }
  return result;
}

/** Decompresses raw deflate data (no header, as in ZIP entries and links), capped like gunzip. */
export function inflateRawCapped(
  bytes: Uint8Array,
  maxOutputBytes: number,
): Result<Uint8Array, InflateError> {
  // fflate reads no input as an empty stream, but a valid deflate stream has at least one block.
  const result =
    bytes.length === 0
      ? err('corrupt' as const)
      : runCapped((ondata) => new Inflate(ondata), bytes, maxOutputBytes);
  if (result.ok) return result;
  return err(
    result.error === 'corrupt'
      ? new DataFormatError(
          'This compressed data is damaged or incomplete. Get the file or link again.',
          'bad-deflate',
        )
      : result.error,
  );
}

type OnData = (chunk: Uint8Array, final: boolean) => void;

interface Pushable {
  push(chunk: Uint8Array, final?: boolean): void;
}

/**
 * Feeds `bytes` to a streaming decoder and gathers its output; 'corrupt' when the decoder throws
 * or stops before its end. Exported for zip.ts, which has its own messages for each fault.
 */
export function runCapped(
  open: (ondata: OnData) => Pushable,
  bytes: Uint8Array,
  maxOutputBytes: number,
): Result<Uint8Array, LimitExceededError | 'corrupt'> {
  // Deflate expands at most ~1032:1, so a slice this size overshoots the cap by about the cap
  // itself at worst (and never by more than ~17 MB) before the count stops it.
  const slice = Math.min(16_384, Math.max(1_024, Math.floor(maxOutputBytes / 1_032)));
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const stream = open((chunk, final) => {
    total += chunk.length;
    if (chunk.length > 0) parts.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let offset = 0; ; offset += slice) {
      const end = Math.min(bytes.length, offset + slice);
      stream.push(bytes.subarray(offset, end), end === bytes.length);
      if (total > maxOutputBytes) {
        return err(
          new LimitExceededError(
            `This compressed data expands to more than ${formatBytes(maxOutputBytes)}, more than ` +
              'Gradlab accepts. Use a smaller file.',
            'inflated-bytes',
          ),
        );
      }
      if (end === bytes.length) break;
    }
  } catch {
    return err('corrupt');
  }
  if (!finished) return err('corrupt');
  return ok(concatBytes(parts, total));
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}
