/**
 * Shared weights (a bundle's inline weights: TF.js weight specs over one buffer) put into a model
 * built from the same spec, so a link with weights predicts what its author's model predicted.
 *
 * Weights are matched by position and shape, not by name. The specs are what `model.save` wrote:
 * `model.weights` in order, which is also the order `setWeights` reads. Their names come from
 * layer names, which depend on how the app that exported them named layers (and TF.js adds
 * per-process suffixes such as `kernel_3` to variable names), so a name can differ while the
 * weight is the same; a different architecture shows as a different count or shape.
 *
 * Values that are NaN or infinite are refused too, whoever sent them (a bundle, a stored or
 * imported run): a model holding them predicts NaN, and training from them never recovers.
 */
import * as tf from '@tensorflow/tfjs';
import { GradlabError } from '../../core/errors';
import { checkFiniteWeights, type NonFiniteWeightsError } from '../../core/model/finite-weights';
import type { LoadableWeightSpec } from '../../core/protocol';
import { err, ok, type Result } from '../../core/result';

/** Shared weights that do not fit the model they were sent for; nothing was changed. */
export class WeightsMismatchError extends GradlabError<'weights-mismatch'> {
  readonly code = 'weights-mismatch';
  override readonly name = 'WeightsMismatchError';
}

const BYTES: Record<LoadableWeightSpec['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

const shapeText = (shape: readonly (number | null)[]) => `[${shape.join(', ')}]`;

const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

const mismatch = (detail: string) =>
  new WeightsMismatchError(
    `The weights in this bundle do not fit its model: ${detail}. ` +
      'Open the experiment without its weights and train it again.',
  );

/** "layer 2 (dense_1) expects [16, 8] for its kernel": counted from 1, as the editor shows them. */
function describeWeight(model: tf.LayersModel, variable: tf.LayerVariable): string {
  const index = model.layers.findIndex((layer) => layer.weights.includes(variable));
  const layer = model.layers[index];
  const part = variable.originalName.split('/').pop() ?? variable.originalName;
  return layer
    ? `layer ${index + 1} (${layer.name}) expects ${variable.dtype} ${shapeText(variable.shape)} for its ${part}`
    : `the weight ${variable.originalName} expects ${variable.dtype} ${shapeText(variable.shape)}`;
}

/** Why the specs and bytes do not fit the model, or null when they do. */
export function checkWeights(
  model: tf.LayersModel,
  specs: readonly LoadableWeightSpec[],
  byteLength: number,
): WeightsMismatchError | null {
  const variables = model.weights;
  if (specs.length !== variables.length) {
    return mismatch(
      `the model has ${variables.length} weight tensors, the bundle has ${specs.length}`,
    );
  }
  for (const [i, variable] of variables.entries()) {
    const spec = specs[i];
    if (!spec) continue;
    const sameShape =
      spec.shape.length === variable.shape.length &&
      spec.shape.every((d, j) => d === variable.shape[j]);
    if (!sameShape || spec.dtype !== variable.dtype) {
      return mismatch(
        `${describeWeight(model, variable)}, the bundle has ${spec.dtype} ${shapeText(spec.shape)}`,
      );
    }
  }
  const expected = specs.reduce((sum, s) => sum + sizeOf(s.shape) * BYTES[s.dtype], 0);
  if (expected !== byteLength) {
    return mismatch(`its specs describe ${expected} bytes, the bundle has ${byteLength}`);
  }
  return null;
}

function tensorAt(spec: LoadableWeightSpec, data: ArrayBuffer, offset: number): tf.Tensor {
  // A copy: offsets after a bool weight are not aligned for a Float32Array view.
  const bytes = data.slice(offset, offset + sizeOf(spec.shape) * BYTES[spec.dtype]);
  const values =
    spec.dtype === 'float32'
      ? new Float32Array(bytes)
      : spec.dtype === 'int32'
        ? new Int32Array(bytes)
        : new Uint8Array(bytes);
  return tf.tensor(values, spec.shape, spec.dtype);
}

/**
 * Checks everything first (shapes, bytes, finite values), then sets every weight; on a mismatch
 * or a damaged value the model is left as it was.
 */
export function loadWeights(
  model: tf.LayersModel,
  specs: readonly LoadableWeightSpec[],
  data: ArrayBuffer,
): Result<void, WeightsMismatchError | NonFiniteWeightsError> {
  const problem = checkWeights(model, specs, data.byteLength);
  if (problem) return err(problem);
  const finite = checkFiniteWeights(
    specs,
    data,
    'these weights are damaged and were not loaded; the model keeps the weights it had',
  );
  if (!finite.ok) return finite;
  let offset = 0;
  const tensors = specs.map((spec) => {
    const tensor = tensorAt(spec, data, offset);
    offset += sizeOf(spec.shape) * BYTES[spec.dtype];
    return tensor;
  });
  try {
    model.setWeights(tensors);
  } finally {
    // The variables share these tensors' data (reference counted), so the handles can go.
    tf.dispose(tensors);
  }
  return ok(undefined);
}
