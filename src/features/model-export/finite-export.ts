/**
 * An export is refused when the model's weights hold NaN or infinity: the files would load
 * anywhere and predict nothing but NaN. Both exports (the model ZIP and the training project,
 * from the worker's model or a stored run's weights) check here, naming the layer.
 */
import type { NonFiniteWeightsError } from '../../core/model/finite-weights';
import type { Result } from '../../core/result';
import { finiteRunWeights } from '../../core/runs/run-weights';
import type { RunWeights } from '../../core/runs/stored-run';

export function exportableWeights(weights: RunWeights): Result<void, NonFiniteWeightsError> {
  return finiteRunWeights(
    weights,
    'a model with such weights predicts nothing, so it is not exported. Reset it and train ' +
      'again (a lower learning rate keeps the weights finite)',
  );
}
