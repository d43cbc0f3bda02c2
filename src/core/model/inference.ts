/**
 * Output shapes and parameter counts without TF.js, so the editor can show them on every keystroke
 * without loading TF.js. Follows Keras/TF.js semantics; build.test.ts checks it against TF.js.
 *
 * The spec is validated here (validateSpec) rather than assumed valid: specs typed as ModelSpec can
 * still carry out-of-range values from the UI, and the check is cheap for at most 64 layers.
 */
import { InvalidSpecError } from '../errors';
import { err, ok, type Result } from '../result';
import { inferLayer, product } from './layer-shapes';
import type { LayerSummary, ModelSpec, ModelSummary, Shape } from './spec';
import { MAX_VALUES, validateSpec } from './validate';

/** More than a browser trains at a useful pace; each parameter also costs 16 bytes with Adam. */
export const MAX_PARAMS = 50_000_000;

const count = (n: number): string => n.toLocaleString('en-US');

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
  if (product(inputShape) > MAX_VALUES) {
    return err(
      new InvalidSpecError(
        `The input shape [${inputShape.join(', ')}] holds more than ${count(MAX_VALUES)} values per example.`,
        null,
      ),
    );
  }
  const valid = validateSpec(spec);
  if (!valid.ok) return valid;

  const layers: LayerSummary[] = [];
  let shape = [...inputShape];
  let totalParams = 0;
  for (const [index, layer] of valid.value.layers.entries()) {
    const refuse = (problem: string) =>
      err(new InvalidSpecError(`Layer ${index + 1} (${layer.type}): ${problem}`, index));
    const inferred = inferLayer(layer, shape);
    if (!inferred.ok) return refuse(inferred.error);
    const { outputShape, params } = inferred.value;
    const values = product(outputShape);
    if (values > MAX_VALUES) {
      return refuse(
        `its output [${outputShape.join(', ')}] holds ${count(values)} values per example, more ` +
          `than the ${count(MAX_VALUES)} Gradlab allows; use fewer units or filters, strides or pooling.`,
      );
    }
    totalParams += params;
    if (totalParams > MAX_PARAMS) {
      return refuse(
        `the model reaches ${count(totalParams)} parameters here, more than the ` +
          `${count(MAX_PARAMS)} Gradlab trains; use fewer units or filters, or pool before dense layers.`,
      );
    }
    layers.push({ index, type: layer.type, outputShape, params });
    shape = outputShape;
  }
  return ok({ inputShape: [...inputShape], layers, outputShape: [...shape], totalParams });
}
