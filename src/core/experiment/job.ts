/**
 * A training job: the experiment and what only the worker needs. Its dataset is the one the worker
 * can load (generated, shipped, or stored in this browser): a dataset a bundle names by address or
 * carries inline is downloaded or stored first, and the job names the stored copy.
 */
import type { DatasetRef } from '../data/dataset';
import type { DatasetInfo } from '../data/info';
import type { TrainJob } from '../protocol';
import type { Experiment, ExperimentPlace } from './experiment';

/** Cells per side of the decision-boundary grid drawn under 2-D points. */
export const GRID_RESOLUTION = 48;

/** Points of the fitted curve drawn over 1-D regression data. */
export const LINE_POINTS = 200;

/**
 * Rows the worker predicts for drawing (predict.ts): a grid under 2-D classes, a curve over 1-D
 * regression data, nothing otherwise.
 */
export function predictionRows(
  dataset: { task: DatasetInfo['task']; inputShape: readonly number[] },
  gridResolution: number,
): number {
  if (gridResolution === 0) return 0;
  const features = dataset.inputShape.reduce((a, b) => a * b, 1);
  if (dataset.task === 'classification' && features === 2) return gridResolution ** 2;
  if (dataset.task === 'regression' && features === 1) return LINE_POINTS;
  return 0;
}

export function jobOf(
  experiment: Experiment,
  place: ExperimentPlace,
  info: Pick<DatasetInfo, 'kind'> | null,
  loadable: DatasetRef = experiment.dataset,
): TrainJob {
  return {
    experiment: { ...experiment, dataset: loadable },
    gridResolution: info?.kind === 'points' ? GRID_RESOLUTION : 0,
    place,
  };
}
