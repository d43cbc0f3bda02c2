/**
 * What scripts/bench.mjs asks the benchmark page for and what comes back: a plan per backend (how
 * many timed epochs of each workload) and a report of samples per second, ours against model.fit;
 * and the dataset figures: a stored MNIST-10k loaded to tensors per backend, and the decode of a
 * full-size MNIST sprite.
 */
import type { BackendName } from '../../src/core/protocol';

export interface BenchPlan {
  backend: BackendName;
  /** Timed epochs per workload, after one untimed warm-up epoch. */
  epochs: { defaultMlp: number; mnistMlp: number };
  /** Timed runs of each measurement; ours and fit alternate. */
  rounds: number;
  /** The packed MNIST-10k (the app's public/datasets file, gzip or raw) and how many timed loads. */
  datasetLoad: { url: string; rounds: number };
  /** Training examples of the CNN run (the first N of MNIST-10k), one epoch. */
  cnnSamples: number;
  /** At most this many WASM threads: 1 for the threads' speed-up (the run it is compared with). */
  wasmThreads?: number;
}

/** The best of a few timed runs (the others are slowed by JIT tiering, GC or the machine). */
export interface Measurement {
  epochs: number;
  /** Training samples seen in one timed run. */
  samples: number;
  /** Wall time of the fastest run. */
  seconds: number;
  samplesPerSec: number;
  /** Wall time of every timed run, in order. */
  runs: number[];
}

export interface WorkloadReport {
  name: string;
  batchSize: number;
  trainSamples: number;
  validationSamples: number;
  ours: Measurement;
  fit: Measurement;
  /** ours / fit in samples per second: above 1, our loop is faster. */
  ratio: number;
  /** tf.memory().numTensors before the workload, after it, and after our first and last epoch. */
  tensors: { before: number; after: number; ourFirstEpoch: number; ourLastEpoch: number };
}

export interface BackendReport {
  requested: BackendName;
  /** The backend that started, or null when none did. */
  backend: BackendName | null;
  adapter: string | null;
  reason: string;
  workloads: WorkloadReport[];
  /** MNIST-10k from IndexedDB to tensors on this backend; null when the backend did not start. */
  datasetLoad: DatasetLoadReport | null;
  /** LeNet on the stored MNIST-10k; null when the backend did not start. */
  cnn: CnnReport | null;
  /** Why the run failed; workloads done before the failure are kept. */
  error: string | null;
}

/**
 * A stored dataset read the way the training worker reads it (IndexedDB pieces, decodePacked,
 * toDataset), then uploaded as x and one-hot label tensors and awaited by a one-row readback.
 */
export interface DatasetLoadReport {
  name: string;
  examples: number;
  /** Packed bytes in IndexedDB. */
  storedBytes: number;
  /** Median over the rounds of the whole load, in seconds. */
  medianSeconds: number;
  targetSeconds: number;
  /** Per round, in order (the first includes opening the database and compiling the gather). */
  rounds: { total: number; read: number; upload: number }[];
  /** Medians of the two parts: the loader (read + decode + toDataset) and the upload. */
  medianRead: number;
  medianUpload: number;
  error: string | null;
}

/**
 * LeNet-5 trained for one epoch on the first `samples` examples of the stored MNIST-10k, loaded and
 * run as the app's training worker does. Seconds; rates in samples per second.
 */
export interface CnnReport {
  name: string;
  /** Training examples (no validation split): samples per epoch. */
  samples: number;
  batchSize: number;
  /** The worker's loader: IndexedDB to a Dataset of the first `samples` examples. */
  loadSeconds: number;
  /** TrainingSession.create: checks, upload, model build. */
  createSeconds: number;
  /** From start() to the first progress event: batch 1 trained and its loss read back. */
  firstBatchSeconds: number;
  /** What the first progress event reported: batches done and their mean loss. */
  firstBatch: { batch: number; loss: number } | null;
  /** From start() to epochEnd. */
  seconds: number;
  /** samples / seconds: the first batch's kernel compilation included. */
  samplesPerSec: number;
  /** The samples after the first progress event over the time after it: the steady pace. */
  afterFirstBatchPerSec: number;
  /** tf.memory().numTensors before loading, at epochEnd, and after the session is disposed. */
  tensors: { before: number; epochEnd: number; after: number };
  error: string | null;
}

/** To the headless app-job worker: start a backend, then time one run of the app's job. */
export type AppJobRequest =
  { type: 'start'; backend: BackendName } | { type: 'run'; epochs: number };

/** Its answers: the backend started, one run's wall time (create to done), or why not. */
export type AppJobAnswer =
  | { type: 'started'; backend: BackendName }
  | { type: 'ran'; ms: number }
  | { type: 'failed'; error: string };

export type BenchMessage =
  { type: 'log'; text: string } | { type: 'report'; report: BackendReport };

/** Where the full-size sprite and its labels are served, and how many timed decodes. */
export interface SpritePlan {
  imagesUrl: string;
  labelsUrl: string;
  rounds: number;
}

/** Seconds per step of one decode: PNG to RGBA, RGBA + labels to packed, encode, SHA-256. */
export interface SpriteSteps {
  total: number;
  bitmap: number;
  toPacked: number;
  encode: number;
  sha256: number;
}

/** The full-MNIST decode step, from bytes in the worker to packed bytes and their SHA-256. */
export interface SpriteDecodeReport {
  width: number;
  height: number;
  /** What a download fetches: the PNG sprite and the one-hot labels. */
  imagesBytes: number;
  labelsBytes: number;
  packedBytes: number;
  medianSeconds: number;
  /** Medians of each step. */
  median: SpriteSteps;
  rounds: SpriteSteps[];
  error: string | null;
}

/** A report with nothing measured yet, or nothing at all when `error` says why. */
export function noSpriteReport(error: string | null): SpriteDecodeReport {
  const none = { total: NaN, bitmap: NaN, toPacked: NaN, encode: NaN, sha256: NaN };
  return {
    width: 0,
    height: 0,
    imagesBytes: 0,
    labelsBytes: 0,
    packedBytes: 0,
    medianSeconds: NaN,
    median: none,
    rounds: [],
    error,
  };
}

export type SpriteMessage =
  { type: 'log'; text: string } | { type: 'report'; report: SpriteDecodeReport };
