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
