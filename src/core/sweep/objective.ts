/** What a sweep compares runs by: which metric, read from a run's epochs, and the default one. */
import type { Experiment } from '../experiment/experiment';
import type { EpochRecord } from '../runs/epoch';
import type { SweepObjective } from './sweep';

/** The objective's metric at `epoch`; null where the run has none (no validation data). */
export const objectiveMetric = (objective: SweepObjective, epoch: EpochRecord): number | null =>
  epoch[objective.metric];

/**
 * The validation loss, lowest best, where the experiment holds data out for validation (it tells
 * a setting that generalises from one that memorises); else the training loss.
 */
export const defaultObjective = (experiment: Experiment): SweepObjective => ({
  metric: experiment.config.validationSplit > 0 ? 'validationLoss' : 'trainLoss',
  goal: 'min',
});
