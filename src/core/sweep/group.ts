/**
 * Which sweep trials can train together in one worker as one stacked model (the engine's
 * group-session.ts): a small model's step on a processor backend is mostly the fixed cost of a
 * hundred tiny kernels, so K models stacked along a new first axis train in about the time of one.
 *
 * Trials group when their jobs are the same but for the seed (initial weights, split, shuffle, and
 * a generated dataset's points, which follow the seed) and the learning rate and its schedule, the
 * two things a sweep varies most; the model is dense layers
 * alone (a batched matrix product per layer), trained by an optimizer and a loss the group
 * reproduces exactly (TF.js's SGD, momentum and Adam; the classification and regression losses
 * without penalties, clipping or weight decay). Anything else trains alone, as before.
 */
import { canonicalJson } from '../bundle/canonical';
import type { TrainJob } from '../protocol';
import type { LossName, OptimizerName } from '../train/config';

export const GROUP_OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
export const GROUP_LOSSES: readonly LossName[] = [
  'categoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
];

/** The key trials must share to train as one group; null when the job trains alone. */
export function groupKeyOf(job: TrainJob): string | null {
  const { experiment } = job;
  const { config, model } = experiment;
  if (job.sweep === undefined) return null;
  if (!model.layers.every((layer) => layer.type === 'dense' || layer.type === 'activation')) {
    return null;
  }
  if (!GROUP_OPTIMIZERS.includes(config.optimizer) || !GROUP_LOSSES.includes(config.loss)) {
    return null;
  }
  const extras = [config.l1, config.l2, config.clipNorm, config.weightDecay];
  if (extras.some((value) => value !== undefined && value !== 0)) return null;
  const { dataset } = experiment;
  return canonicalJson({
    dataset: dataset.kind === 'builtin' ? { ...dataset, seed: null } : dataset,
    model,
    config: { ...config, seed: null, learningRate: null, schedule: null },
    gridResolution: job.gridResolution,
    place: job.place,
    sweepId: job.sweep.sweepId,
  });
}
