/**
 * A sweep: one experiment trained many times with a few of its fields varied, and the queue of
 * those runs (trials). The definition is plain JSON like the experiment it varies, so it is
 * stored, put in a notebook cell and shared the same way; the queue is stored so a sweep goes on
 * after a reload without repeating a finished run.
 */
import type { Experiment, ExperimentPlace } from '../experiment/experiment';
import type { ConfigField } from '../experiment/locks';

/** The training settings a sweep can vary (the numeric and named ones; not the schedule). */
export const SWEEP_CONFIG_FIELDS = [
  'learningRate',
  'batchSize',
  'epochs',
  'optimizer',
  'l1',
  'l2',
  'clipNorm',
  'weightDecay',
  'validationSplit',
] as const satisfies readonly ConfigField[];
export type SweepConfigField = (typeof SWEEP_CONFIG_FIELDS)[number];

/** What a sweep field changes in the experiment. */
export type SweepTarget =
  | { kind: 'config'; field: SweepConfigField }
  /**
   * A setting of one layer: `path` indexes `model.layers`, then a residual block's `layers`, and
   * so on; `units` is also a conv2d's `filters` and a recurrent layer's units.
   */
  | { kind: 'layer'; path: number[]; setting: 'units' | 'activation' | 'rate' }
  /** A generated dataset's parameter (`noise`, `size`). */
  | { kind: 'dataset'; param: 'noise' | 'size' }
  /** The seed: repeat runs of the same settings, whose spread shows as error bars. */
  | { kind: 'seed' };

export type SweepValue = number | string;

/** The values of a field: a list, or `count` points from `from` to `to` (both included). */
export type SweepValues =
  | { kind: 'list'; values: SweepValue[] }
  | { kind: 'linear'; from: number; to: number; count: number }
  | { kind: 'log'; from: number; to: number; count: number };

export interface SweepField {
  target: SweepTarget;
  values: SweepValues;
}

export type SweepMethod =
  /** Every combination of the fields' values. */
  | { kind: 'grid' }
  /** `count` combinations drawn with `seed` (ranges drawn continuously, lists uniformly). */
  | { kind: 'random'; seed: number; count: number }
  /**
   * Successive halving: every trial trains `minEpochs`; the best `keep` fraction goes on to
   * `minEpochs / keep` epochs, and so on up to the experiment's `config.epochs`.
   */
  | { kind: 'halving'; minEpochs: number; keep: number };

export const SWEEP_METRICS = [
  'validationLoss',
  'validationAccuracy',
  'trainLoss',
  'trainAccuracy',
] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** What the sweep compares runs by: the metric at a run's last epoch. */
export interface SweepObjective {
  metric: SweepMetric;
  goal: 'min' | 'max';
}

/** What to vary and how: the part a user edits in the Sweep dialog and an author puts in a cell. */
export interface SweepPlan {
  fields: SweepField[];
  method: SweepMethod;
  /** Runs at most (grid and random draws beyond it are not run). */
  maxRuns: number;
  /** Wall-clock minutes of running at most (pauses excluded); null: no limit. */
  maxMinutes: number | null;
  objective: SweepObjective;
}

export const SWEEP_FORMAT = 1;

export interface Sweep {
  format: typeof SWEEP_FORMAT;
  id: string;
  /** Shown in lists and at the start of its runs' names. */
  name: string;
  /** ISO-8601. */
  createdAt: string;
  /** The experiment every trial starts from. */
  base: Experiment;
  /** Where the sweep was started from; its runs say they ran there. */
  place: ExperimentPlace;
  plan: SweepPlan;
}

export type TrialStatus = 'pending' | 'running' | 'done' | 'failed' | 'pruned';

/** One run of the sweep: one value per field (in `plan.fields` order). */
export interface Trial {
  id: string;
  /** The run it trains as (its StoredRun's id; halving continues the same run). */
  runId: string;
  values: SweepValue[];
  status: TrialStatus;
  /** Epochs it has finished. */
  epochsDone: number;
  /** Epochs it trains to in its current rung (the experiment's epochs unless halving). */
  targetEpochs: number;
  /** The objective's metric at its last finished epoch; null before one. */
  metric: number | null;
  /** Why it failed; null otherwise. */
  error: string | null;
}

export type SweepStatus = 'running' | 'paused' | 'stopped' | 'done';

/** A sweep with its queue, as stored (`sweeps` store) and as the page holds it. */
export interface SweepRecord {
  sweep: Sweep;
  trials: Trial[];
  status: SweepStatus;
  /** Successive halving's current rung (0 first); 0 for grid and random. */
  rung: number;
  /** Time spent running, pauses excluded, up to `updatedAt`. */
  runningMs: number;
  /** ISO-8601 of the last change. */
  updatedAt: string;
  /** Why it stopped by itself (time cap, every trial failed); null otherwise. */
  note: string | null;
}
