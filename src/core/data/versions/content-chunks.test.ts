import { describe, expect, it } from 'vitest';
import { encodePacked } from '../packed';
import { sha256HexSync } from '../../sha256-sync';
import {
  AVERAGE_PIECE_BYTES,
  contentChunks,
  MAX_PIECE_BYTES,
  MIN_PIECE_BYTES,
} from './content-chunks';
import { relabelled, shippedMnist, withoutExample } from './test-mnist';

const mnist = shippedMnist();
const mnistBytes = encodePacked(mnist);

/** Each piece by hash, with its size. */
function piecesOf(bytes: Uint8Array): Map<string, number> {
  const pieces = new Map<string, number>();
  let start = 0;
  for (const end of contentChunks(bytes)) {
    pieces.set(sha256HexSync(bytes.subarray(start, end)), end - start);
    start = end;
  }
  return pieces;
}

/** The bytes of `next`'s pieces that `before` does not hold. */
function newBytes(before: Map<string, number>, next: Uint8Array): number {
  let added = 0;
  for (const [sha, size] of piecesOf(next)) if (!before.has(sha)) added += size;
  return added;
}

function pseudoRandom(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = s >>> 24;
  }
  return bytes;
}

describe('contentChunks', () => {
  it('cuts nothing from nothing, and a short input into one piece', () => {
    expect(contentChunks(new Uint8Array(0))).toEqual([]);
    expect(contentChunks(new Uint8Array(1))).toEqual([1]);
    expect(contentChunks(pseudoRandom(MIN_PIECE_BYTES, 1))).toEqual([MIN_PIECE_BYTES]);
  });

  it('keeps every piece between the minimum and maximum size, near the average', () => {
    for (const bytes of [pseudoRandom(3_000_000, 7), mnistBytes, new Uint8Array(500_000)]) {
      const ends = contentChunks(bytes);
      expect(ends.at(-1)).toBe(bytes.length);
      const sizes = ends.map((end, i) => end - (ends[i - 1] ?? 0));
      for (const size of sizes.slice(0, -1)) {
        expect(size).toBeGreaterThanOrEqual(MIN_PIECE_BYTES);
        expect(size).toBeLessThanOrEqual(MAX_PIECE_BYTES);
      }
      expect(sizes.at(-1)).toBeLessThanOrEqual(MAX_PIECE_BYTES);
    }
    const random = contentChunks(pseudoRandom(3_000_000, 7));
    const mean = 3_000_000 / random.length;
    expect(mean).toBeGreaterThan(AVERAGE_PIECE_BYTES * 0.6);
    expect(mean).toBeLessThan(AVERAGE_PIECE_BYTES * 1.5);
  });

  it('is deterministic: the same bytes cut the same, wherever they sit in memory', () => {
    const copy = new Uint8Array(mnistBytes.length + 3);
    copy.set(mnistBytes, 3);
    expect(contentChunks(copy.subarray(3))).toEqual(contentChunks(mnistBytes));
    expect(contentChunks(mnistBytes)).toEqual(contentChunks(mnistBytes.slice()));
  });

  it('a relabel of one MNIST-10k example changes pieces worth under 1% of the set', () => {
    const before = piecesOf(mnistBytes);
    for (const index of [0, 4321, mnist.header.count - 1]) {
      const next = encodePacked(relabelled(mnist, index));
      expect(next.length).toBe(mnistBytes.length);
      const added = newBytes(before, next);
      expect(added).toBeGreaterThan(0);
      expect(added / mnistBytes.length).toBeLessThan(0.01);
    }
  });

  it('a removal of one MNIST-10k example changes only the pieces around the cut', () => {
    const before = piecesOf(mnistBytes);
    for (const index of [1, 5000, mnist.header.count - 2]) {
      const removed = encodePacked(withoutExample(mnist, index));
      // The header (its count), the piece holding the cut and the labels' piece(s) change, and
      // the content after the cut falls on the same cuts again: a handful of pieces at most.
      const added = newBytes(before, removed);
      expect(added).toBeLessThan(6 * MAX_PIECE_BYTES);
      expect(added / mnistBytes.length).toBeLessThan(0.03);
    }
  });

  it('content shifted by an insertion resynchronises within a few pieces', () => {
    const bytes = pseudoRandom(2_000_000, 3);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes.subarray(0, 1_000_000));
    shifted[1_000_000] = 42;
    shifted.set(bytes.subarray(1_000_000), 1_000_001);
    expect(newBytes(piecesOf(bytes), shifted)).toBeLessThan(3 * MAX_PIECE_BYTES);
  });
});
