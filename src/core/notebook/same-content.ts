/**
 * isSameContent's answer without holding the page: the pieces are compared one at a time, with a
 * yield every few milliseconds. Two 20 MB notebooks (200 cells of 100,000 characters) took one
 * main-thread task of about 240 ms to compare whole.
 */
import type { Bundle } from '../bundle/schema';
import { contentPieces, samePiece } from './versions';

/** How long the comparison works before it lets the page run. */
const SLICE_MS = 8;

/**
 * isSameContent(a, b), yielding to the page every few milliseconds; null when `stale()` says the
 * question no longer matters (the notebook changed again, or its page closed).
 */
export async function sameContentSliced(
  a: Bundle,
  b: Bundle,
  stale: () => boolean,
): Promise<boolean | null> {
  const left = contentPieces(a);
  const right = contentPieces(b);
  if (left.length !== right.length) return false;
  let sliceStart = performance.now();
  for (const [i, piece] of left.entries()) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (stale()) return null;
      sliceStart = performance.now();
    }
    if (!samePiece(piece, right[i])) return false;
  }
  return true;
}
