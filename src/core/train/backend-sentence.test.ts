import { describe, expect, it } from 'vitest';
import type { AdapterInfo, BackendMeasurement, BackendName, Measurement } from '../protocol';
import { backendSentence } from './backend-sentence';

const adapter = (architecture: string, isFallback = false): AdapterInfo => ({
  vendor: 'google',
  architecture,
  description: '',
  isFallback,
});

describe('backendSentence', () => {
  it('names the GPU it trains on', () => {
    const gpu = { backend: 'webgpu', adapter: adapter('ampere'), renderer: null } as const;
    expect(backendSentence(gpu, 'auto')).toBe("Training on this computer's GPU (WebGPU)");
    const gl = { backend: 'webgl', adapter: null, renderer: 'ANGLE (NVIDIA GeForce)' } as const;
    expect(backendSentence(gl, 'auto')).toBe("Training on this computer's GPU (WebGL)");
  });

  it('says when the GPU is only emulated, and slow', () => {
    const swiftshader = { backend: 'webgpu', adapter: adapter('swiftshader'), renderer: null };
    expect(backendSentence({ ...swiftshader, backend: 'webgpu' }, 'webgpu')).toBe(
      'Training on a GPU the browser emulates on the processor (WebGPU): slow',
    );
    const fallback = { backend: 'webgpu', adapter: adapter('', true), renderer: null } as const;
    expect(backendSentence(fallback, 'webgpu')).toMatch(/emulates/);
    const gl = { backend: 'webgl', adapter: null, renderer: 'ANGLE (SwiftShader Device)' } as const;
    expect(backendSentence(gl, 'webgl')).toMatch(/emulates on the processor \(WebGL\)/);
  });

  it('says why it trains on the processor', () => {
    const wasm = { backend: 'wasm', adapter: null, renderer: null } as const;
    expect(backendSentence(wasm, 'auto')).toBe(
      "Training on this computer's processor (WebAssembly): no usable GPU was found",
    );
    expect(backendSentence(wasm, 'wasm')).toBe(
      "Training on this computer's processor (WebAssembly): as you chose",
    );
    expect(backendSentence(wasm, 'webgpu')).toBe(
      "Training on this computer's processor (WebAssembly): WebGPU is not available here",
    );
    const threaded = { ...wasm, threads: 2 };
    expect(backendSentence(threaded, 'wasm')).toBe(
      "Training on this computer's processor (WebAssembly, 2 threads): as you chose",
    );
    expect(backendSentence({ ...wasm, threads: 1 }, 'wasm')).toBe(
      "Training on this computer's processor (WebAssembly, 1 thread): as you chose",
    );
    const cpu = { backend: 'cpu', adapter: null, renderer: null } as const;
    expect(backendSentence(cpu, 'cpu')).toBe(
      "Training on this computer's processor (plain JavaScript): as you chose",
    );
  });

  describe('after auto measured the model', () => {
    const rate = (backend: BackendName, samplesPerSec: number): BackendMeasurement => ({
      backend,
      outcome: 'measured',
      samplesPerSec,
      note: '',
    });
    const measurement = (...results: BackendMeasurement[]): Measurement => ({
      state: 'measured',
      model: '354 parameters, batch 32',
      results,
    });

    it('says the pick was measured, and whether it was the very fastest', () => {
      const wasm = {
        backend: 'wasm',
        adapter: null,
        renderer: null,
        measurement: measurement(rate('wasm', 27_700), rate('cpu', 23_600)),
      } as const;
      expect(backendSentence(wasm, 'auto')).toBe(
        "Training on this computer's processor (WebAssembly): measured fastest for this model",
      );
      const close = {
        ...wasm,
        measurement: measurement(rate('wasm', 20_000), rate('cpu', 20_900)),
      };
      expect(backendSentence(close, 'auto')).toBe(
        "Training on this computer's processor (WebAssembly): measured within 5% of the fastest",
      );
      const gpu = {
        backend: 'webgpu',
        adapter: adapter('ampere'),
        renderer: null,
        measurement: measurement(rate('wasm', 600), rate('webgpu', 9000)),
      } as const;
      expect(backendSentence(gpu, 'auto')).toBe(
        "Training on this computer's GPU (WebGPU): measured fastest for this model",
      );
    });

    it('says it is measuring, and falls back to the fixed reason where the figures say nothing', () => {
      const measuring = {
        backend: 'wasm',
        adapter: null,
        renderer: null,
        measurement: { ...measurement(), state: 'measuring' },
      } as const;
      expect(backendSentence(measuring, 'auto')).toBe('Measuring where this model trains fastest…');
      const allFailed = {
        ...measuring,
        measurement: measurement({
          backend: 'wasm',
          outcome: 'failed',
          samplesPerSec: null,
          note: 'out of memory',
        }),
      };
      expect(backendSentence(allFailed, 'auto')).toBe(
        "Training on this computer's processor (WebAssembly): no usable GPU was found",
      );
    });
  });
});
