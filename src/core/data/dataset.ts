/** Datasets as typed arrays (decoded once, sliced per batch) and the references that name them. */
import type { RemoteFormat } from './catalog';
import type { CsvChoices, HeaderChoice, TaskChoice } from './csv/choices';
import type { TextChoices } from './text-choices';

export const CLASSIFICATION_GENERATORS = ['spiral', 'circles', 'xor', 'gaussian', 'moons'] as const;
export const REGRESSION_GENERATORS = ['sine'] as const;
export const GENERATORS = [...CLASSIFICATION_GENERATORS, ...REGRESSION_GENERATORS] as const;
export type GeneratorName = (typeof GENERATORS)[number];

export interface GeneratorParams {
  /** Number of points in all. */
  size: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (or target), >= 0. */
  noise: number;
  /** Number of classes for spiral (arms) and gaussian (clusters); others have a fixed count. */
  classes?: number;
}

/** A dataset regenerated from its generator: DESIGN.md's `builtin` DatasetRef. */
export interface BuiltinDatasetRef {
  kind: 'builtin';
  generator: GeneratorName;
  params: GeneratorParams;
  seed: number;
}

/** The datasets that ship with the app as files (public/datasets), built by scripts/. */
export const SHIPPED_DATASETS = ['iris', 'mnist-10k', 'names', 'sotu', 'spam'] as const;
export type ShippedDatasetName = (typeof SHIPPED_DATASETS)[number];

/** A dataset shipped with the app; the worker caches it in IndexedDB on first use. */
export interface ShippedDatasetRef {
  kind: 'shipped';
  name: ShippedDatasetName;
  /** Train on the first `limit` examples only (a quick run on a big dataset). */
  limit?: number;
}

/** A dataset in this browser's storage (downloaded or imported), named by its packed bytes' SHA-256. */
export interface LocalDatasetRef {
  kind: 'local';
  sha256: string;
  name: string;
  /** Train on the first `limit` examples only. */
  limit?: number;
  /**
   * How its author imported it from a CSV file, when it was one: a shared notebook names this so
   * whoever opens it can import the same file the same way and get the same SHA-256.
   */
  csv?: CsvChoices;
  /** The same for a text import: its mode, tokenizer and lengths. */
  text?: TextChoices;
  /**
   * A later version of a dataset (made by capturing more, relabelling or removing examples): its
   * number in its line and the SHA-256 of the version it derives from. A shared notebook names
   * them, so whoever opens it without the data can tell which version it needs and what it came
   * from. Absent for a first version and in notebooks made before datasets had versions.
   */
  version?: number;
  parent?: string;
}

/** One file of a `url` dataset, pinned by the SHA-256 of its bytes as downloaded. */
export interface RemoteDatasetFile {
  url: string;
  sha256: string;
}

/**
 * A dataset a bundle names by where to download it: the files `FORMAT_FILES[format]` lists, in that
 * order, each refused if its bytes do not hash to `sha256`. Opening the bundle downloads, decodes
 * and stores it, and from then on it trains as a `local` dataset.
 */
export interface UrlDatasetRef {
  kind: 'url';
  name: string;
  format: RemoteFormat;
  files: readonly RemoteDatasetFile[];
  /** CSV only: the target column by name; the last column when absent. */
  target?: string;
  /** For formats whose files do not name their classes (IDX, the MNIST sprite). */
  classNames?: string[];
  limit?: number;
}

/**
 * A small CSV carried in the bundle itself, read as the CSV import reads a file. Opening the
 * bundle decodes and stores it, and from then on it trains as a `local` dataset.
 */
export interface InlineDatasetRef {
  kind: 'inline';
  name: string;
  csv: string;
  /** Whether the first row names the columns; missing means 'auto'. */
  header?: HeaderChoice;
  /** Index of the target column; the last column when absent. */
  target?: number;
  /** Missing means 'auto': chosen from the target column, as the CSV import chooses. */
  task?: TaskChoice;
  limit?: number;
}

/** Generated toy sequence tasks: a prompt, a separator, then the answer the model must write. */
export const SEQUENCE_TASKS = [
  'copy',
  'reverse',
  'sort',
  'parity',
  'addition',
  'brackets',
] as const;
export type SequenceTaskName = (typeof SEQUENCE_TASKS)[number];

export interface SequenceTaskParams {
  /** Number of examples. */
  size: number;
  /** Length of the prompt (for addition: digits per number). */
  length: number;
  /** Number of distinct symbols the prompt draws from (fixed by the task for digits, brackets). */
  vocab: number;
}

/** A toy sequence task regenerated from its name, params and seed, like a `builtin` dataset. */
export interface SequenceTaskRef {
  kind: 'sequence';
  task: SequenceTaskName;
  params: SequenceTaskParams;
  seed: number;
}

export type DatasetRef =
  | BuiltinDatasetRef
  | SequenceTaskRef
  | ShippedDatasetRef
  | LocalDatasetRef
  | UrlDatasetRef
  | InlineDatasetRef;

/**
 * What the training worker loads: generated data, or data in this browser's storage. A `url` or
 * `inline` dataset is stored first (downloaded, or imported) and trains as a `local` one.
 */
export type LoadableDatasetRef =
  BuiltinDatasetRef | SequenceTaskRef | ShippedDatasetRef | LocalDatasetRef;

/**
 * How text became token ids. It is stored in the dataset's packed header, so it is part of the
 * dataset's SHA-256, and a bundle or an export reproduces the encoding exactly.
 */
export interface Tokenizer {
  /** 'char': one token per character; 'word': lower-cased words and punctuation marks. */
  kind: 'char' | 'word';
  /**
   * The token of each id. Id 0 is padding (never a target: the loss skips it), id 1 the unknown
   * token, id 2 the boundary token (start and end of a name, the separator of a toy task).
   */
  vocab: string[];
}

export const PAD_ID = 0;
export const UNKNOWN_ID = 1;
export const BOUNDARY_ID = 2;

interface DatasetBase {
  /** Number of examples. */
  n: number;
  /** Shape of one example, e.g. [2]. */
  inputShape: number[];
  /** Row-major features, n * product(inputShape) values. */
  x: Float32Array;
}

export interface ClassificationDataset extends DatasetBase {
  task: 'classification';
  /** Class index of each example, in [0, numClasses). */
  labels: Int32Array;
  numClasses: number;
  /** Text classification: `x` holds token ids (padded with PAD_ID), encoded by this tokenizer. */
  tokenizer?: Tokenizer;
}

/**
 * Next-token prediction: `x` holds token ids [n, length]; `targets` the id each position must
 * predict, PAD_ID where nothing is predicted (padding, a toy task's prompt), which the loss and the
 * metrics skip.
 */
export interface SequenceDataset extends DatasetBase {
  task: 'sequence';
  targets: Int32Array;
  /** The vocabulary size: the output layer's units. */
  numClasses: number;
  tokenizer: Tokenizer;
}

export interface RegressionDataset extends DatasetBase {
  task: 'regression';
  /** One target value per example. */
  targets: Float32Array;
}

export type Dataset = ClassificationDataset | RegressionDataset | SequenceDataset;

/** Row indices of the training and validation parts of a dataset. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
}
