/**
 * The bundle, Gradlab's unit of sharing (DESIGN.md "Bundle"), as schema version 4.
 *
 * Objects read from a bundle may also carry fields this version does not know (written by a newer
 * Gradlab): they are kept so that saving the bundle again loses nothing, but nothing reads them.
 * Code that uses a bundle reads the typed fields only and never spreads a bundle object into
 * TF.js or into settings.
 */
import type { DatasetRef } from '../data/dataset';
import type { ModelSpec } from '../model/spec';
import type { BackendName } from '../protocol';
import type { EpochRecord } from '../runs/epoch';
import type { TrainConfig } from '../train/config';
import type { JsonValue } from './canonical';
import type { Experiment } from '../experiment/experiment';
import type { SweepPlan, SweepValue } from '../sweep/sweep';

export const BUNDLE_TYPE = 'gradlab/bundle';
/** The version this Gradlab writes; older ones are migrated up (migrations/), newer refused. */
export const SCHEMA_VERSION = 4;

export interface MarkdownCell {
  type: 'markdown';
  id: string;
  text: string;
}

/**
 * An experiment as a bundle holds it (core/experiment): its dataset named by a key of the
 * bundle's `datasets`, so cells that share data list it once.
 */
export interface ExperimentCell extends Omit<Experiment, 'dataset'> {
  type: 'experiment';
  id: string;
  /** A key of the bundle's `datasets`. */
  dataset: string;
  /**
   * A sweep cell's plan: the sweep its reader runs over this cell's experiment. It varies only
   * fields the cell does not lock, so a lesson can leave one field free and ask for its best value.
   */
  sweep?: SweepPlan;
}

export type Cell = MarkdownCell | ExperimentCell;

export interface Notebook {
  title: string;
  authors: string[];
  cells: Cell[];
}

/** One finished (or stopped) training run, with what it takes to run it again. */
export interface RunRecord {
  id: string;
  /** The experiment cell it was trained from. */
  cellId: string;
  /** A key of the bundle's `datasets`. */
  datasetKey: string;
  spec: ModelSpec;
  config: Required<TrainConfig>;
  backend: BackendName;
  /** The WebGPU adapter (`vendor / architecture`) or WebGL renderer; null when none applies. */
  adapter: string | null;
  seed: number;
  /** One record per finished epoch, in order. */
  epochs: EpochRecord[];
  durationMs: number;
  samplesPerSec: number;
  appVersion: string;
  /** ISO-8601. */
  createdAt: string;
  /** A key of the bundle's `weights`, when its final weights travel with it. */
  weightsKey?: string;
  /** A run of its cell's sweep: the trial's values, one per field of the cell's plan, in order. */
  sweep?: RunTrial;
}

export interface RunTrial {
  values: SweepValue[];
}

export const WEIGHT_DTYPES = ['float32', 'int32', 'bool'] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];
/** Bytes per element in the weight data, as TF.js writes it. */
export const DTYPE_BYTES: Record<WeightDtype, number> = { float32: 4, int32: 4, bool: 1 };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
}

/** A TF.js weights manifest with its bytes inline: the tensors of `weightSpecs`, concatenated. */
export interface InlineWeights {
  format: 'tfjs-layers';
  /** Kept for export only; a model is always built from its ModelSpec, never from this. */
  modelTopology?: JsonValue;
  weightSpecs: WeightSpec[];
  /** Standard base64, padded. */
  data: string;
}

/** Weights stored beside the bundle, fetched and checked against `sha256` when needed. */
export interface RemoteWeights {
  url: string;
  sha256: string;
}

export type BundleWeights = InlineWeights | RemoteWeights;

export interface Bundle {
  type: typeof BUNDLE_TYPE;
  schemaVersion: typeof SCHEMA_VERSION;
  /** `sha256-<hex>` of the canonical JSON of everything but `id` (content-id.ts). */
  id: string;
  /** The id of the version this one was derived from; null for the first. */
  parent: string | null;
  /** This version's number in its lineage, from 1. */
  version: number;
  /** ISO-8601. */
  createdAt: string;
  app: { version: string };
  notebook: Notebook;
  /** Keyed by any text but `__proto__`, `constructor` and `prototype`; a null-prototype object. */
  datasets: Record<string, DatasetRef>;
  runs: RunRecord[];
  /** Keyed like `datasets`; a run names its entry by `weightsKey`. */
  weights?: Record<string, BundleWeights>;
}

/** What one bundle may hold; each is far above what a lesson needs and below what hangs a tab. */
export const BUNDLE_LIMITS = {
  titleLength: 200,
  authors: 20,
  authorLength: 100,
  cells: 200,
  /** Ids of cells and runs, dataset and weights keys, view and lock names. */
  idLength: 64,
  markdownLength: 100_000,
  /**
   * A draft's text cell (stored while being edited, never shared): room to paste and then cut,
   * so text over markdownLength is kept until its author shortens it.
   */
  draftMarkdownLength: 200_000,
  views: 32,
  locks: 64,
  datasets: 100,
  runs: 500,
  /** The most epochs a config allows. */
  epochsPerRun: 10_000,
  appVersionLength: 64,
  weightSpecs: 1024,
  weightRank: 8,
  /** Decoded bytes of all inline weights together. */
  weightBytes: 256 * 1024 * 1024,
  urlLength: 4000,
} as const;

/**
 * The `reason` of every BundleError from this folder, so the UI and tests can tell faults apart.
 * `newer-version` is the one a user can fix (by updating Gradlab).
 */
export type BundleFault =
  | 'not-json'
  | 'too-large'
  | 'too-deep'
  | 'forbidden-key'
  | 'bad-text'
  | 'not-a-bundle'
  | 'newer-version'
  | 'bad-version'
  | 'invalid-field'
  | 'invalid-model'
  | 'invalid-config'
  | 'invalid-dataset'
  | 'dangling-key'
  | 'duplicate-id'
  | 'weights-mismatch'
  | 'id-mismatch';
