/**
 * What a toy-task model gets right token by token, on the answer positions only (those whose
 * target is not padding): which token it predicted for which it should have (a confusion over the
 * vocabulary) and how often it is right at each position of the sequence. Reversal, say, is often
 * right on the first answer token long before the last.
 */
import { PAD_ID } from '../data/dataset';

export interface AnswerAccuracy {
  /** The vocabulary's size: `confusion` is vocabSize x vocabSize, row = target, column = predicted. */
  vocabSize: number;
  confusion: Int32Array<ArrayBuffer>;
  /** Per sequence position: answer tokens predicted right, and answer tokens there at all. */
  positionCorrect: Int32Array<ArrayBuffer>;
  positionCount: Int32Array<ArrayBuffer>;
}

/**
 * Counts over `targets` and `predicted`, both [examples, length] row-major. Targets outside the
 * vocabulary are left out rather than written out of bounds.
 */
export function answerAccuracy(
  targets: Int32Array,
  predicted: Int32Array,
  length: number,
  vocabSize: number,
): AnswerAccuracy {
  const confusion = new Int32Array(vocabSize * vocabSize);
  const positionCorrect = new Int32Array(length);
  const positionCount = new Int32Array(length);
  const n = Math.min(targets.length, predicted.length);
  for (let i = 0; i < n; i++) {
    const target = targets[i] as number;
    const guess = predicted[i] as number;
    if (target === PAD_ID || target < 0 || target >= vocabSize) continue;
    const position = i % length;
    positionCount[position] = (positionCount[position] as number) + 1;
    if (guess === target) positionCorrect[position] = (positionCorrect[position] as number) + 1;
    if (guess >= 0 && guess < vocabSize) {
      const cell = target * vocabSize + guess;
      confusion[cell] = (confusion[cell] as number) + 1;
    }
  }
  return { vocabSize, confusion, positionCorrect, positionCount };
}

/** The positions that hold answers, with their accuracy, in order: what the view draws. */
export function answerPositions(
  accuracy: Pick<AnswerAccuracy, 'positionCorrect' | 'positionCount'>,
): { position: number; accuracy: number; count: number }[] {
  const out: { position: number; accuracy: number; count: number }[] = [];
  accuracy.positionCount.forEach((count, position) => {
    if (count > 0) {
      const correct = accuracy.positionCorrect[position] ?? 0;
      out.push({ position, accuracy: correct / count, count });
    }
  });
  return out;
}

/** The tokens that occur as a target or a prediction (a row or column with a count), in id order. */
export function answerTokens(accuracy: Pick<AnswerAccuracy, 'confusion' | 'vocabSize'>): number[] {
  const { confusion, vocabSize } = accuracy;
  const seen = new Array<boolean>(vocabSize).fill(false);
  for (let row = 0; row < vocabSize; row++) {
    for (let column = 0; column < vocabSize; column++) {
      if ((confusion[row * vocabSize + column] as number) > 0) {
        seen[row] = true;
        seen[column] = true;
      }
    }
  }
  return seen.flatMap((any, id) => (any ? [id] : []));
}
