/**
 * What scripts/bench.mjs asks the benchmark page for and what comes back: a plan per backend (how
 * many timed epochs of each workload) and a report of samples per second, ours against model.fit.
 */
import type { BackendName } from '../../src/core/protocol';

export interface BenchPlan {
  backend: BackendName;
  /** Timed epochs per workload, after one untimed warm-up epoch. */
  epochs: { defaultMlp: number; mnistMlp: number; appJob: number };
  /** Timed runs of each measurement; ours and fit alternate. */
  rounds: number;
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
  /** The app's own job (grid 48), session created and run as the app's worker does, no UI. */
  appJob: Measurement | null;
  /** Why the run failed; workloads done before the failure are kept. */
  error: string | null;
}

export type BenchMessage =
  { type: 'log'; text: string } | { type: 'report'; report: BackendReport };
