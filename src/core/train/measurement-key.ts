/**
 * Where auto's measurement of a model is remembered: one key per machine and model size, so a
 * reload, or another model of about the same size, uses the figures instead of measuring again.
 *
 * The machine: the WebGPU adapter and the WebGL renderer as the browser names them, whether each
 * backend is offered, the processor's core count and cross-origin isolation (together they set
 * the WASM thread count), and the app's version (a release can make a kernel much faster).
 *
 * The model: which kinds of layer it has (backends differ most per kind: convolutions against
 * matrix products), its parameter count and its work per example (multiply-adds of dense and
 * conv layers, plus one per value the other layers output), each rounded to the nearest power of
 * two, and the exact batch size (GPUs gain most from larger batches, and people pick few sizes).
 * Which backend is fastest changes slowly with size: it swaps over between models orders of
 * magnitude apart, so two models within a factor of 1.4 of each other can share figures, and
 * where they would not, the two backends were close there anyway. The optimizer, loss and
 * penalties are left out: their cost per step is proportional to the parameters and the outputs,
 * which are already in the key, and small beside the forward and backward passes.
 */
import { counted } from '../plural';
import type { ModelSummary } from '../model/spec';
import { product } from '../model/layer-shapes';
import type { BackendProbe } from './backend-choice';

/** The key's own format: bump it when the key or the measurement changes meaning. */
const KEY_FORMAT = 1;

export interface MachineIdentity {
  /** The logical cores (navigator.hardwareConcurrency as the worker starts). */
  cores: number;
  /** The worker's crossOriginIsolated, which lets the WASM backend use threads. */
  isolated: boolean;
  appVersion: string;
}

/** Forward-pass work per example: multiply-adds of dense and conv layers, values of the rest. */
export function modelWork(summary: ModelSummary): number {
  return summary.layers.reduce((sum, layer) => {
    const out = layer.outputShape;
    switch (layer.type) {
      case 'dense':
      case 'conv2d':
        // Every weight meets every position of the output: its [height, width] or its rows.
        return sum + layer.params * product(out.slice(0, -1));
      default:
        return sum + product(out);
    }
  }, 0);
}

/** The nearest power of two (in ratio), so values within a factor of 1.4 share a bucket. */
export const sizeBucket = (value: number): number =>
  value >= 1 ? 2 ** Math.round(Math.log2(value)) : 0;

export function measurementKey(
  offered: BackendProbe,
  machine: MachineIdentity,
  summary: ModelSummary,
  batchSize: number,
): string {
  const { webgpu, webgl, wasm } = offered;
  return JSON.stringify({
    format: KEY_FORMAT,
    app: machine.appVersion,
    cores: machine.cores,
    isolated: machine.isolated,
    webgpu: webgpu.available
      ? [
          webgpu.detail.vendor,
          webgpu.detail.architecture,
          webgpu.detail.description,
          webgpu.detail.isFallback,
        ]
      : null,
    webgl: webgl.available ? webgl.detail : null,
    wasm: wasm.available,
    layers: [...new Set(summary.layers.map((l) => l.type))].sort(),
    params: sizeBucket(summary.totalParams),
    work: sizeBucket(modelWork(summary)),
    batch: batchSize,
  });
}

/** What was measured, in words: "2,306 parameters, batch 32". */
export const describeMeasuredModel = (summary: ModelSummary, batchSize: number): string =>
  `${counted(summary.totalParams, 'parameter')}, batch ${batchSize}`;
