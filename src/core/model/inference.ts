/**
 * Output shapes and parameter counts without TF.js, so the editor can show them on every keystroke
 * without loading TF.js. Follows Keras/TF.js semantics; build.test.ts checks it against TF.js.
 *
 * The spec is validated here (validateSpec) rather than assumed valid: specs typed as ModelSpec can
 * still carry out-of-range values from the UI, and the check is cheap for at most 64 layers.
 */
import { InvalidSpecError } from '../errors';
import { err, ok, type Result } from '../result';
import type { LayerSpec, LayerSummary, ModelSpec, ModelSummary, Shape } from './spec';
import { validateSpec } from './validate';

export function inferModel(
  spec: ModelSpec,
  inputShape: Shape,
): Result<ModelSummary, InvalidSpecError> {
  if (inputShape.length === 0 || !inputShape.every((dim) => Number.isSafeInteger(dim) && dim > 0)) {
    return err(
      new InvalidSpecError(
        `The input shape must be a non-empty list of positive whole numbers, got [${inputShape.join(', ')}].`,
        null,
      ),
    );
  }
  const valid = validateSpec(spec);
  if (!valid.ok) return valid;

  const layers: LayerSummary[] = [];
  let shape = [...inputShape];
  for (const [index, layer] of valid.value.layers.entries()) {
    const { outputShape, params } = inferLayer(layer, shape);
    layers.push({ index, type: layer.type, outputShape, params });
    shape = outputShape;
  }
  return ok({
    inputShape: [...inputShape],
    layers,
    outputShape: [...shape],
    totalParams: layers.reduce((sum, layer) => sum + layer.params, 0),
  });
}

function inferLayer(layer: LayerSpec, input: number[]): { outputShape: number[]; params: number } {
  switch (layer.type) {
    case 'dense': {
      // Dense acts on the last axis only; leading axes pass through, as in Keras.
      const inputs = input[input.length - 1] as number;
      const bias = layer.useBias === false ? 0 : layer.units;
      return {
        outputShape: [...input.slice(0, -1), layer.units],
        params: inputs * layer.units + bias,
      };
    }
    case 'activation':
    case 'dropout':
      return { outputShape: [...input], params: 0 };
  }
}
