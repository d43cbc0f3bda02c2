/**
 * Gradlab's SIMD kernels (modules.ts, assembled from the .wat files here), instantiated on TF.js's
 * own wasm memory so that they read and write tensors where they lie, without a copy: a tensor's
 * byte offset in the backend's heap is its address there. (Not its view's buffer object: in the
 * threaded build the heap is a SharedArrayBuffer, and TF.js's views may lie on one made before
 * the memory last grew, another object over the same memory.) Null where that memory cannot be
 * found or the browser lacks WebAssembly SIMD; callers then take their other path.
 */
import { isRecord } from '../../../core/is-record';
import { SIMD_MODULES } from './modules';

/** Byte offsets of float32 arrays of `n` values, then the step's float32 constants. */
export type AdamKernel = (
  value: number,
  firstMoment: number,
  secondMoment: number,
  gradient: number,
  newValue: number,
  newFirstMoment: number,
  newSecondMoment: number,
  n: number,
  beta1: number,
  rest1: number,
  beta2: number,
  rest2: number,
  correction1: number,
  correction2: number,
  epsilon: number,
  step: number,
) => void;

/** Byte offsets, then sizes (simd/filterGradient.wat says what each is). */
export type FilterGradientKernel = (
  x: number,
  dy: number,
  out: number,
  batch: number,
  outHeight: number,
  outWidth: number,
  imageBytes: number,
  rowBytes: number,
  strideRowBytes: number,
  strideColumnBytes: number,
  dyRowBytes: number,
  filterHeight: number,
  j: number,
  co4: number,
) => void;

/** Byte offsets of [rows, width] and [width] float32 arrays, then the sizes. */
export type BiasAddKernel = (
  values: number,
  bias: number,
  out: number,
  rows: number,
  width: number,
) => void;
export type ColumnSumKernel = (values: number, out: number, rows: number, width: number) => void;

/** Byte offsets, then sizes (simd/inputGradient.wat says what each is). */
export type InputGradientKernel = (
  dy: number,
  wt: number,
  dx: number,
  batch: number,
  outHeight: number,
  outWidth: number,
  co: number,
  imageBytes: number,
  rowBytes: number,
  strideRowBytes: number,
  strideColumnBytes: number,
  filterHeight: number,
  j16: number,
) => void;

/** Byte offsets of x, the forward maxima, dy and dx, then sizes (simd/maxPoolGradient.wat). */
export type MaxPoolGradientKernel = (
  x: number,
  maxima: number,
  dy: number,
  dx: number,
  batch: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  filterHeight: number,
  filterWidth: number,
  strideHeight: number,
  strideWidth: number,
  top: number,
  left: number,
) => void;

export interface SimdKernels {
  memory: WebAssembly.Memory;
  adam: AdamKernel;
  filterGradient: FilterGradientKernel;
  inputGradient: InputGradientKernel;
  maxPoolGradient: MaxPoolGradientKernel;
  biasAdd: BiasAddKernel;
  columnSum: ColumnSumKernel;
}

/** The memory of TF.js's wasm module: made by the threaded build, exported by the others. */
function memoryOf(backend: unknown): WebAssembly.Memory | null {
  if (!isRecord(backend) || !isRecord(backend['wasm'])) return null;
  const module = backend['wasm'];
  const exports = module['asm'];
  const candidates = [module['wasmMemory'], isRecord(exports) ? exports['memory'] : undefined];
  return candidates.find((m) => m instanceof WebAssembly.Memory) ?? null;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

type Exports = Record<string, (...args: number[]) => void>;

/** The functions `module` exports, on `memory`; null without SIMD. */
function instantiateModule(
  module: keyof typeof SIMD_MODULES,
  memory: WebAssembly.Memory,
): Exports | null {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = decode(SIMD_MODULES[module][shared ? 'shared' : 'plain']);
  // A browser without SIMD cannot validate it; TF.js then runs its build without SIMD too.
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const functions: Exports = {};
    for (const [name, value] of Object.entries(instance.exports)) {
      if (typeof value === 'function') functions[name] = (...args) => void value(...args);
    }
    return functions;
  } catch (error) {
    // A memory whose limits the module's import does not match: the JavaScript path serves.
    if (error instanceof WebAssembly.LinkError) return null;
    throw error;
  }
}

function instantiate(memory: WebAssembly.Memory): SimdKernels | null {
  const adam = instantiateModule('adam', memory)?.['adam'];
  const filterGradient = instantiateModule('filterGradient', memory)?.['filterGradient'];
  const inputGradient = instantiateModule('inputGradient', memory)?.['inputGradient'];
  const maxPoolGradient = instantiateModule('maxPoolGradient', memory)?.['maxPoolGradient'];
  const rows = instantiateModule('rows', memory);
  const biasAdd = rows?.['biasAdd'];
  const columnSum = rows?.['columnSum'];
  return adam && filterGradient && inputGradient && maxPoolGradient && biasAdd && columnSum
    ? { memory, adam, filterGradient, inputGradient, maxPoolGradient, biasAdd, columnSum }
    : null;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

export function simdKernelsOf(backend: unknown): SimdKernels | null {
  const memory = memoryOf(backend);
  if (memory === null) return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = instantiate(memory);
    instances.set(memory, kernels);
  }
  return kernels;
}
