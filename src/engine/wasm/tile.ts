/**
 * Tile, which tf.layers.layerNormalization runs four times a layer (its mean and variance to
 * [batch, length, width], its gamma and beta likewise). TF.js's wasm kernel reads and writes each
 * element through index arithmetic (68 ms a step of the 2-layer transformer at batch 64, a third
 * of the step); this writes runs: each row of the input copied or filled along the last axis, then
 * each filled block copied whole along the axes before it, innermost first.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmBackendOf, type TfjsKernel } from './backend';

interface Tfjs {
  tile: TfjsKernel;
}

const stridesOf = (shape: readonly number[]) =>
  shape.map((_, axis) => tf.util.sizeFromShape(shape.slice(axis + 1)));

/**
 * The flat offsets of every index over the axes before `axes` of `shape`, with `strides`:
 * the starts of the rows (or blocks) to copy.
 */
function offsets(shape: readonly number[], strides: readonly number[], axes: number): number[] {
  let out = [0];
  for (let axis = 0; axis < axes; axis++) {
    const stride = strides[axis] ?? 0;
    const next: number[] = [];
    for (const base of out) {
      for (let i = 0; i < (shape[axis] ?? 1); i++) next.push(base + i * stride);
    }
    out = next;
  }
  return out;
}

export function tileRuns(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x } = inputs as { x: tf.TensorInfo };
    const reps = (attrs as unknown as tf.TileAttrs).reps;
    if (x.dtype === 'string') return tfjs.tile({ inputs, backend, attrs });
    const shape = x.shape;
    const rank = shape.length;
    const outShape = shape.map((d, axis) => d * (reps[axis] ?? 1));
    const out = backend.makeOutput(outShape, x.dtype);
    // Views are taken after the allocation: one that grows the heap invalidates them.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    if (rank === 0 || from.length === 0) {
      to.set(from);
      return out;
    }
    const outStrides = stridesOf(outShape);
    const xStrides = stridesOf(shape);
    const rowLength = shape[rank - 1] ?? 1;
    const rowCopies = reps[rank - 1] ?? 1;
    const rows = offsets(shape, xStrides, rank - 1);
    const rowStarts = offsets(shape, outStrides, rank - 1);
    rows.forEach((at, r) => {
      const start = rowStarts[r] ?? 0;
      if (rowLength === 1) {
        to.fill(from[at] ?? 0, start, start + rowCopies);
        return;
      }
      const row = from.subarray(at, at + rowLength);
      for (let c = 0; c < rowCopies; c++) to.set(row, start + c * rowLength);
    });
    for (let axis = rank - 2; axis >= 0; axis--) {
      const copies = reps[axis] ?? 1;
      if (copies === 1) continue;
      const block = (shape[axis] ?? 1) * (outStrides[axis] ?? 1);
      for (const start of offsets(shape, outStrides, axis)) {
        for (let c = 1; c < copies; c++) to.copyWithin(start + c * block, start, start + block);
      }
    }
    return out;
  };
}
