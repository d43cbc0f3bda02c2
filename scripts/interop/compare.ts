/**
 * The Keras check's comparisons: predictions by absolute difference, losses by relative
 * difference, each reduced to its worst case so a failure names the epoch and the quantity.
 */
import { isRecord } from '../../src/core/is-record';

/**
 * Keras predictions against TF.js's for the same weights and inputs (float32 round-off): absolute
 * for outputs up to 1 (probabilities), relative above (a regression output of 271 holds 3e-5).
 */
export const PREDICTION_TOLERANCE = 1e-5;
/** Per-epoch losses of two trainings that should follow the same steps (models without dropout). */
export const LOSS_TOLERANCE = 1e-3;

export interface EpochLosses {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
}

export interface Worst {
  /** The largest difference found (absolute for predictions, relative for losses). */
  difference: number;
  /** Where it is: "row 3, output 1" or "epoch 2 validation loss". */
  where: string;
  ok: boolean;
}

/** |a - b| relative to the larger magnitude; 0 when both are 0. */
export function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** A NaN difference counts as the largest, so it always fails. */
const worstIfNaN = (difference: number): number =>
  Number.isNaN(difference) ? Infinity : difference;

/**
 * The largest difference, |a - b| / max(1, |a|), between two row-major tables of `width` values
 * (predictions; preprocessed features, with a tolerance of 0).
 */
export function comparePredictions(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  width: number,
  tolerance = PREDICTION_TOLERANCE,
): Worst {
  if (expected.length !== actual.length) {
    return {
      difference: Infinity,
      where: `${actual.length} values where ${expected.length} were expected`,
      ok: false,
    };
  }
  let worst: Worst = { difference: 0, where: 'all equal', ok: true };
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const difference = worstIfNaN(Math.abs(e - (actual[i] as number)) / Math.max(1, Math.abs(e)));
    if (difference > worst.difference) {
      const where = `row ${Math.floor(i / width)}, output ${i % width}`;
      worst = { difference, where, ok: false };
    }
  }
  return { ...worst, ok: worst.difference <= tolerance };
}

/** The largest relative difference of the train and validation losses, epoch by epoch. */
export function compareLosses(
  expected: readonly EpochLosses[],
  actual: readonly EpochLosses[],
  tolerance = LOSS_TOLERANCE,
): Worst {
  if (expected.length !== actual.length) {
    return {
      difference: Infinity,
      where: `${actual.length} epochs where ${expected.length} were expected`,
      ok: false,
    };
  }
  let worst: Worst = { difference: 0, where: 'all equal', ok: true };
  const consider = (a: number | null, b: number | null, where: string) => {
    const difference =
      a === null && b === null
        ? 0
        : a === null || b === null
          ? Infinity
          : worstIfNaN(relativeDifference(a, b));
    if (difference > worst.difference) worst = { difference, where, ok: false };
  };
  expected.forEach((e, i) => {
    const a = actual[i] as EpochLosses;
    if (a.epoch !== e.epoch) {
      consider(0, Infinity, `epoch ${a.epoch} where ${e.epoch} was expected`);
      return;
    }
    consider(e.trainLoss, a.trainLoss, `epoch ${e.epoch} training loss`);
    consider(e.validationLoss, a.validationLoss, `epoch ${e.epoch} validation loss`);
  });
  return { ...worst, ok: worst.difference <= tolerance };
}

/**
 * The epoch lines of a metrics.jsonl (the header and the end line are skipped); throws naming the
 * line that is not JSON or not an epoch record.
 */
export function epochsOfMetrics(text: string): EpochLosses[] {
  const epochs: EpochLosses[] = [];
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .forEach((line, i) => {
      const value: unknown = JSON.parse(line);
      if (!isRecord(value)) throw new Error(`metrics.jsonl line ${i + 1} is not an object.`);
      if (value.kind !== 'epoch') return;
      const { epoch, trainLoss, validationLoss } = value;
      if (
        typeof epoch !== 'number' ||
        typeof trainLoss !== 'number' ||
        !(validationLoss === null || typeof validationLoss === 'number')
      ) {
        throw new Error(`metrics.jsonl line ${i + 1} is not an epoch record: ${line}`);
      }
      epochs.push({ epoch, trainLoss, validationLoss });
    });
  return epochs;
}
