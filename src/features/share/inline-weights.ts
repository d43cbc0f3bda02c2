/**
 * A model as TF.js saves it (model.json + weights.bin) turned into a bundle's inline weights: the
 * specs of model.json's weights manifest, in order, over the bytes as standard padded base64.
 */
import {
  DTYPE_BYTES,
  WEIGHT_DTYPES,
  type InlineWeights,
  type WeightDtype,
  type WeightSpec,
} from '../../core/bundle/schema';
import { toJsonValue } from '../../core/bundle/canonical';
import { isRecord } from '../../core/is-record';
import { checkFiniteWeights, type NonFiniteWeightsError } from '../../core/model/finite-weights';

/** Standard base64 with padding; chunked, since spreading megabytes into one call overflows. */
export function toBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of standard base64 text (a bundle's validated weights data). */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Why a bundle's inline weights are refused (values that are NaN or infinite), or null when every
 * value is a number. The bundle itself stays good: it opens without these weights.
 */
export function damagedInlineWeights(weights: InlineWeights): NonFiniteWeightsError | null {
  const checked = checkFiniteWeights(
    weights.weightSpecs,
    fromBase64(weights.data),
    "this bundle's weights are damaged; it opens without them",
  );
  return checked.ok ? null : checked.error;
}

function specOf(entry: unknown): WeightSpec | null {
  if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.shape)) {
    return null;
  }
  const shape: unknown[] = entry.shape;
  if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) return null;
  const dtype = entry.dtype;
  if (!WEIGHT_DTYPES.includes(dtype as WeightDtype)) return null;
  return { name: entry.name, shape: shape as number[], dtype: dtype as WeightDtype };
}

/** Null when model.json is not what TF.js writes or its specs do not cover exactly the bytes. */
export function inlineWeightsOf(modelJson: string, data: ArrayBuffer): InlineWeights | null {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    return null;
  }
  if (!isRecord(model) || !Array.isArray(model.weightsManifest)) return null;
  const weightSpecs: WeightSpec[] = [];
  for (const group of model.weightsManifest as unknown[]) {
    if (!isRecord(group) || !Array.isArray(group.weights)) return null;
    for (const entry of group.weights as unknown[]) {
      const spec = specOf(entry);
      if (spec === null) return null;
      weightSpecs.push(spec);
    }
  }
  const declared = weightSpecs.reduce(
    (sum, { shape, dtype }) => sum + shape.reduce((n, d) => n * d, 1) * DTYPE_BYTES[dtype],
    0,
  );
  if (declared !== data.byteLength) return null;
  const weights: InlineWeights = {
    format: 'tfjs-layers',
    weightSpecs,
    data: toBase64(new Uint8Array(data)),
  };
  const topology = toJsonValue(model.modelTopology);
  if (model.modelTopology !== undefined && topology.ok) weights.modelTopology = topology.value;
  return weights;
}
