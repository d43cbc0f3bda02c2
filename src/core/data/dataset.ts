/** Datasets as typed arrays (decoded once, sliced per batch) and the references that name them. */

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
export const SHIPPED_DATASETS = ['iris', 'mnist-10k'] as const;
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
}

export type DatasetRef = BuiltinDatasetRef | ShippedDatasetRef | LocalDatasetRef;

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
}

export interface RegressionDataset extends DatasetBase {
  task: 'regression';
  /** One target value per example. */
  targets: Float32Array;
}

export type Dataset = ClassificationDataset | RegressionDataset;

/** Row indices of the training and validation parts of a dataset. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
}
