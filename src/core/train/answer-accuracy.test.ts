import { describe, expect, it } from 'vitest';
import { PAD_ID } from '../data/dataset';
import { answerAccuracy, answerPositions, answerTokens } from './answer-accuracy';

describe('answerAccuracy', () => {
  // Two examples of length 4 over a vocabulary of 6; the prompt's targets are padding.
  const targets = Int32Array.of(PAD_ID, PAD_ID, 3, 4, PAD_ID, PAD_ID, 4, 5);
  const predicted = Int32Array.of(5, 5, 3, 5, 1, 2, 4, 5);

  it('counts answer positions only, per position and as a token confusion', () => {
    const a = answerAccuracy(targets, predicted, 4, 6);
    expect(Array.from(a.positionCount)).toEqual([0, 0, 2, 2]);
    expect(Array.from(a.positionCorrect)).toEqual([0, 0, 2, 1]);
    const at = (row: number, column: number) => a.confusion[row * 6 + column];
    expect(at(3, 3)).toBe(1);
    expect(at(4, 5)).toBe(1);
    expect(at(4, 4)).toBe(1);
    expect(at(5, 5)).toBe(1);
    expect(Array.from(a.confusion).reduce((s, c) => s + c, 0)).toBe(4);
  });

  it('lists the answer positions and the tokens that are answers', () => {
    const a = answerAccuracy(targets, predicted, 4, 6);
    expect(answerPositions(a)).toEqual([
      { position: 2, accuracy: 1, count: 2 },
      { position: 3, accuracy: 0.5, count: 2 },
    ]);
    expect(answerTokens(a)).toEqual([3, 4, 5]);
    // A token the model writes but no answer needs is a column too.
    expect(answerTokens(answerAccuracy(Int32Array.of(3), Int32Array.of(1), 1, 6))).toEqual([1, 3]);
  });

  it('leaves out targets outside the vocabulary', () => {
    const a = answerAccuracy(Int32Array.of(9, 3), Int32Array.of(9, 7), 2, 6);
    expect(Array.from(a.positionCount)).toEqual([0, 1]);
    expect(Array.from(a.confusion).reduce((s, c) => s + c, 0)).toBe(0);
  });
});
