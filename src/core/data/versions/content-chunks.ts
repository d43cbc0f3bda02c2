/**
 * Content-defined chunking: where to cut a dataset's packed bytes into pieces that storage keeps
 * by their own SHA-256, so two versions share every piece their edit did not touch.
 *
 * Cutting at fixed offsets would not do: removing one example shifts every byte after it, and
 * every fixed-size piece after the cut would differ. Here a cut falls where a rolling hash of the
 * last 32 bytes has enough zero bits (a gear hash, as in FastCDC), so it depends on the content
 * around it, not on its offset; after an insertion or removal the cuts fall on the same content
 * again within a piece or two. FastCDC's normalisation (a stricter mask before the average size,
 * a looser one after) keeps the sizes close to the average.
 */

export const MIN_PIECE_BYTES = 4 * 1024;
export const AVERAGE_PIECE_BYTES = 16 * 1024;
export const MAX_PIECE_BYTES = 64 * 1024;

/** The hash's window: bit k of the gear hash depends on the last k + 1 bytes only. */
const WINDOW = 32;

/** Top 15 bits (one in 32 Ki positions) before the average size, top 13 (one in 8 Ki) after. */
const STRICT_MASK = 0xfffe0000 | 0;
const LOOSE_MASK = 0xfff80000 | 0;

/**
 * 256 fixed pseudo-random words (mulberry32 from a fixed seed): part of the format, since other
 * words would cut the same bytes elsewhere and share nothing with what is stored.
 */
const GEAR = ((): Int32Array => {
  const table = new Int32Array(256);
  let state = 0x9e3779b9 | 0;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    table[i] = t ^ (t >>> 14);
  }
  return table;
})();

/** The end offset of each piece of `bytes`, in order; the last is `bytes.length` (none if empty). */
export function contentChunks(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < bytes.length) {
    start = pieceEnd(bytes, start);
    ends.push(start);
  }
  return ends;
}

function pieceEnd(bytes: Uint8Array, start: number): number {
  const end = Math.min(start + MAX_PIECE_BYTES, bytes.length);
  if (end - start <= MIN_PIECE_BYTES) return end;
  const normal = Math.min(start + AVERAGE_PIECE_BYTES, end);
  // Warm the hash up on the window before the first allowed cut, so whether a position cuts
  // depends only on the bytes before it, never on where this piece happened to start.
  let i = start + MIN_PIECE_BYTES - WINDOW;
  let hash = 0;
  for (; i < start + MIN_PIECE_BYTES; i++) hash = ((hash << 1) + gear(bytes, i)) | 0;
  for (; i < normal; i++) {
    hash = ((hash << 1) + gear(bytes, i)) | 0;
    if ((hash & STRICT_MASK) === 0) return i + 1;
  }
  for (; i < end; i++) {
    hash = ((hash << 1) + gear(bytes, i)) | 0;
    if ((hash & LOOSE_MASK) === 0) return i + 1;
  }
  return end;
}

const gear = (bytes: Uint8Array, i: number): number => GEAR[bytes[i] ?? 0] ?? 0;
