/**
 * Weights whose values are not all finite numbers. A weight buffer can be exactly the size its
 * manifest declares and still hold NaN or infinity everywhere (a damaged or crafted bundle, a run
 * that diverged elsewhere): such a model predicts NaN, and training from it never recovers. Every
 * place that takes weights in (a bundle's inline weights, the training worker's loadWeights, an
 * imported or stored run, an export) checks them here and refuses them, naming the layer.
 *
 * Only float32 weights can be non-finite; int32 and bool values are always numbers.
 */
import { GradlabError } from '../errors';
import { counted } from '../plural';
import { err, ok, type Result } from '../result';

/** A manifest entry as TF.js writes it (`weightSpecs`, or `weightsManifest[].weights`). */
export interface WeightSpecLike {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
}

/** One weight tensor holding values that are not finite. */
export interface NonFiniteTensor {
  /** The spec's name, `dense_1/kernel`. */
  name: string;
  /** Where it sits in the manifest, counted from 0. */
  index: number;
  /** Its NaN and infinite values. */
  count: number;
  /** All its values. */
  size: number;
}

/** What a weights buffer holds that is not finite; the tensors in manifest order. */
export interface NonFiniteWeights {
  tensors: NonFiniteTensor[];
  /** NaN and infinite values over all tensors. */
  count: number;
  /** Values of every tensor in the manifest (float32 or not). */
  total: number;
}

/** Weights refused because some of their values are NaN or infinite. */
export class NonFiniteWeightsError extends GradlabError<'weights-not-finite'> {
  readonly code = 'weights-not-finite';
  override readonly name = 'NonFiniteWeightsError';
  constructor(
    message: string,
    readonly found: NonFiniteWeights,
  ) {
    super(message);
  }
}

const BYTES = { float32: 4, int32: 4, bool: 1 } as const;

const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Non-finite values of the float32 tensor at `offset`, reading no further than the bytes go. */
function countNonFinite(bytes: Uint8Array, offset: number, size: number): number {
  const end = Math.min(size, Math.floor((bytes.length - offset) / 4));
  if (end <= 0) return 0;
  const start = bytes.byteOffset + offset;
  // Aligned (every weight before it float32 or int32): read in place. After a bool weight the
  // offset can be odd, and a Float32Array cannot start there.
  const values =
    start % 4 === 0
      ? new Float32Array(bytes.buffer, start, end)
      : new Float32Array(bytes.slice(offset, offset + end * 4).buffer);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    // NaN fails every comparison, so one test covers NaN and both infinities.
    if (!(Math.abs(values[i] as number) <= Number.MAX_VALUE)) count++;
  }
  return count;
}

/**
 * The tensors of `specs` (in order, over `data`) that hold NaN or infinite values, or null when
 * every value is finite. A buffer shorter than the specs declare is read as far as it goes: its
 * length is for the caller's byte check.
 */
export function findNonFiniteWeights(
  specs: readonly WeightSpecLike[],
  data: ArrayBufferLike | Uint8Array,
): NonFiniteWeights | null {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const tensors: NonFiniteTensor[] = [];
  let offset = 0;
  let count = 0;
  let total = 0;
  for (const [index, spec] of specs.entries()) {
    const size = sizeOf(spec.shape);
    if (spec.dtype === 'float32') {
      const bad = countNonFinite(bytes, offset, size);
      if (bad > 0) {
        tensors.push({ name: spec.name, index, count: bad, size });
        count += bad;
      }
    }
    offset += size * BYTES[spec.dtype];
    total += size;
  }
  return tensors.length === 0 ? null : { tensors, count, total };
}

/** "The weights of layer dense_1 (kernel) hold" from `dense_1/kernel`; a bare name is used whole. */
function subjectOf(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut <= 0 || cut === name.length - 1
    ? `The weight ${name} holds`
    : `The weights of layer ${name.slice(0, cut)} (${name.slice(cut + 1)}) hold`;
}

/**
 * "The weights of layer dense_1 (kernel) hold 64 values that are not numbers (NaN or infinite)",
 * and how many more tensors and values, when the first is not the only one.
 */
export function describeNonFinite(found: NonFiniteWeights): string {
  const [first, ...rest] = found.tensors;
  if (first === undefined) return 'Every weight is a finite number';
  const head =
    `${subjectOf(first.name)} ${counted(first.count, 'value')} that ` +
    `${first.count === 1 ? 'is not a number' : 'are not numbers'} (NaN or infinite)`;
  if (rest.length === 0) return head;
  return (
    `${head}, as do ${counted(rest.length, 'other weight tensor')} ` +
    `(${counted(found.count, 'value')} of ${found.total.toLocaleString('en-US')} in all)`
  );
}

/**
 * Ok when every value of `data` under `specs` is finite; else the error, worded as the finding
 * and then `consequence` ("this bundle's weights are damaged; it opens without them").
 */
export function checkFiniteWeights(
  specs: readonly WeightSpecLike[],
  data: ArrayBufferLike | Uint8Array,
  consequence: string,
): Result<void, NonFiniteWeightsError> {
  const found = findNonFiniteWeights(specs, data);
  return found === null
    ? ok(undefined)
    : err(new NonFiniteWeightsError(`${describeNonFinite(found)}: ${consequence}`, found));
}
