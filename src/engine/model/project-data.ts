/**
 * The worker's part of a Keras training project: the dataset exactly as training feeds it, and
 * the model as it was before its first step (built from the seed, as every run starts), so Keras
 * can start from the same numbers.
 */
import type { Dataset } from '../../core/data/dataset';
import type { Experiment } from '../../core/experiment/experiment';
import type { ProjectDataEvent } from '../../core/protocol';
import { buildModel } from './build';
import { exportLayersModel } from './export-tfjs';

/** Copies the data: the worker keeps its own for the runs to come, and the answer is transferred. */
export async function answerProjectData(
  experiment: Experiment,
  data: Dataset,
  requestId: number,
): Promise<ProjectDataEvent> {
  const model = buildModel(experiment.model, data.inputShape, experiment.config.seed);
  try {
    const initial = await exportLayersModel(model);
    return {
      type: 'projectData',
      requestId,
      x: data.x.slice(),
      y: data.task === 'classification' ? data.labels.slice() : data.targets.slice(),
      initialModelJson: initial.modelJson,
      initialWeights: initial.weights,
    };
  } finally {
    model.dispose();
  }
}
