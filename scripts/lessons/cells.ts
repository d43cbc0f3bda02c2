/** Small builders that keep the lesson sources about their teaching, not about JSON shapes. */
import type { ExperimentCell, MarkdownCell } from '../../src/core/bundle/schema';
import type {
  BuiltinDatasetRef,
  GeneratorName,
  SequenceTaskName,
  SequenceTaskRef,
} from '../../src/core/data/dataset';
import { sequenceTaskTokenizer } from '../../src/core/data/sequence-tasks';
import { GENERATOR_INFO } from '../../src/core/data/generators';
import type { Activation, LayerSpec } from '../../src/core/model/spec';
import type { NotebookView } from '../../src/core/experiment/views';
import type { LockableField } from '../../src/core/experiment/locks';
import type { SweepPlan } from '../../src/core/sweep/sweep';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/core/train/config';

/** A markdown cell from paragraphs (and lists), one blank line between them. */
export const markdown = (id: string, ...paragraphs: string[]): MarkdownCell => ({
  type: 'markdown',
  id,
  text: paragraphs.join('\n\n'),
});

/**
 * Generated data with seed 1: every lesson's numbers are for exactly these points. The class
 * count is always written out, as the app's validation would fill it in.
 */
export const builtin = (
  generator: GeneratorName,
  size: number,
  noise: number,
  classes = GENERATOR_INFO[generator].defaultClasses,
): BuiltinDatasetRef => ({ kind: 'builtin', generator, params: { size, noise, classes }, seed: 1 });

export const dense = (units: number, activation: Activation): LayerSpec => ({
  type: 'dense',
  units,
  activation,
});

export const softmax = (classes: number): LayerSpec => dense(classes, 'softmax');

export interface ExperimentOptions {
  id: string;
  dataset: string;
  layers: LayerSpec[];
  /** Laid over DEFAULT_CONFIG, so a lesson names only what it is about. */
  config: Partial<TrainConfig>;
  views: NotebookView[];
  locks?: LockableField[];
  /** A sweep cell's plan over the experiment. */
  sweep?: SweepPlan;
}

export function experiment(options: ExperimentOptions): ExperimentCell {
  const cell: ExperimentCell = {
    type: 'experiment',
    id: options.id,
    dataset: options.dataset,
    model: { layers: options.layers },
    config: { ...DEFAULT_CONFIG, ...options.config },
    views: [...options.views],
  };
  if (options.locks !== undefined) cell.locks = [...options.locks];
  if (options.sweep !== undefined) cell.sweep = structuredClone(options.sweep);
  return cell;
}

/** A toy sequence task with seed 1 (src/core/data/sequence-tasks.ts). */
export const sequenceTask = (
  task: SequenceTaskName,
  size: number,
  length: number,
  vocab: number,
): SequenceTaskRef => ({ kind: 'sequence', task, params: { size, length, vocab }, seed: 1 });

/** The reserved tokens (padding, unknown, boundary) and the task's own: the output's width. */
export const vocabularyOf = (ref: SequenceTaskRef): number =>
  sequenceTaskTokenizer(ref).vocab.length;

export const embedding = (inputDim: number, outputDim: number): LayerSpec => ({
  type: 'embedding',
  inputDim,
  outputDim,
});
