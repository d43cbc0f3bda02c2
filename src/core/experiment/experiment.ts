/**
 * The experiment: the one value that is edited, trained, recorded with a run, kept in a checkpoint,
 * put in a notebook cell and shared (DESIGN.md "Experiment"). Everything that holds one reads it
 * through validate.ts; the editors change it only through edit.ts.
 */
import { canonicalJson } from '../bundle/canonical';
import type { BuiltinDatasetRef, DatasetRef } from '../data/dataset';
import { builtinInfo } from '../data/info';
import type { ModelSpec } from '../model/spec';
import { outputLayerFor } from '../model/stack-analysis';
import { defaultStack } from '../model/stack-presets';
import { DEFAULT_CONFIG, type TrainConfig } from '../train/config';
import { defaultViews } from './views';

export interface Experiment {
  dataset: DatasetRef;
  /** The whole model; its output layer follows the dataset (one unit per class, or one linear). */
  model: ModelSpec;
  config: Required<TrainConfig>;
  /** The teaching views shown under it in a notebook, by name, in order. */
  views: string[];
  /** What a student may not change (`dataset`, `model`, `config.<field>`); missing: nothing. */
  locks?: string[];
}

/** Where an experiment lives: the playground's own, or a cell of a notebook. */
export type ExperimentPlace =
  { kind: 'playground' } | { kind: 'cell'; notebookId: string; cellId: string };

export const PLAYGROUND: ExperimentPlace = { kind: 'playground' };

export const samePlace = (a: ExperimentPlace, b: ExperimentPlace): boolean =>
  a.kind === 'playground'
    ? b.kind === 'playground'
    : b.kind === 'cell' && a.notebookId === b.notebookId && a.cellId === b.cellId;

/** The playground's first data: the two-armed spiral. */
export const defaultDataset = (): BuiltinDatasetRef => ({
  kind: 'builtin',
  generator: 'spiral',
  params: { size: 400, noise: 0.05, classes: 2 },
  seed: DEFAULT_CONFIG.seed,
});

/** The playground's first experiment: a small MLP on the spiral. */
export function defaultExperiment(): Experiment {
  const dataset = defaultDataset();
  const info = builtinInfo(dataset);
  return {
    dataset,
    model: { layers: [...defaultStack(info), outputLayerFor(info)] },
    config: { ...DEFAULT_CONFIG, schedule: { ...DEFAULT_CONFIG.schedule } },
    views: defaultViews(info),
  };
}

/**
 * What the model's initial weights are made from: the data, the model and the seed. When it
 * changes, the model on screen is a fresh, untrained one; the other settings only matter to the
 * next run.
 */
export const modelKey = (experiment: Experiment): string =>
  canonicalJson({
    dataset: experiment.dataset,
    model: experiment.model,
    seed: experiment.config.seed,
  });

/** Whether two experiments are the same value. */
export const sameExperiment = (a: Experiment, b: Experiment): boolean =>
  canonicalJson(a) === canonicalJson(b);
