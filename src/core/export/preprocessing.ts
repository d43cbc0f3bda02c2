import type { Tokenizer } from '../data/dataset';

/**
 * What was done to raw data before the model saw it (preprocessing.json in the exports), so new
 * raw rows and images can be scored outside Gradlab exactly as the training worker fed them.
 */

/** One column of a CSV as the import encoded it, in the file's column order. */
export type PreprocessedColumn =
  /** z-scored: (value - mean) / std; a missing value becomes the mean (0 after scaling). */
  | { name: string; kind: 'numeric'; mean: number; std: number }
  /**
   * One feature per category, `name=value`, in this order; `missing` adds a last
   * `name=(missing)` feature for empty cells.
   */
  | { name: string; kind: 'one-hot'; categories: string[]; missing: boolean }
  /** The predicted column. */
  | { name: string; kind: 'target' }
  /** Not fed to the model (empty, or too many categories), with the import's reason. */
  | { name: string; kind: 'dropped'; reason: string };

export const PREPROCESSING_FORMAT = 1;

interface PreprocessingBase {
  format: typeof PREPROCESSING_FORMAT;
  /** 'sequence': the model predicts the next token at every position. */
  task: 'classification' | 'regression' | 'sequence';
  /** Shape of one example as the model takes it (without the batch axis). */
  inputShape: number[];
  /** One per output unit, in output order; empty for regression. */
  classNames: string[];
  /** The predicted quantity when the data names it (a CSV's target column). */
  targetName: string | null;
}

export type Preprocessing =
  /** Generated 2-D (or 1-D) points, fed as they are. */
  | (PreprocessingBase & { kind: 'points'; features: string[] })
  /** A CSV table: `columns` in the file's order; the model's features follow `featureNames`. */
  | (PreprocessingBase & {
      kind: 'tabular';
      columns: PreprocessedColumn[];
      featureNames: string[];
      /** False for datasets imported before the import kept its exact statistics. */
      exact: boolean;
    })
  /** Images: height x width x channels pixels, each divided by `scale` (255). */
  | (PreprocessingBase & {
      kind: 'image';
      height: number;
      width: number;
      channels: 1 | 3;
      scale: number;
    })
  /**
   * Text as token ids: each character (or word) replaced by its index in `tokenizer.vocab` (an
   * unknown one by 1), padded with 0 to `inputShape[0]` tokens.
   */
  | (PreprocessingBase & { kind: 'text'; tokenizer: Tokenizer });
