import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ReadyEvent } from '../../core/protocol';
import type { Remembered } from '../../core/train/measurement-cache';
import { activateBackend } from './activate-backend';
import {
  createBackendChooser,
  measuredJob,
  type ChoiceRequest,
  type MeasurementStore,
} from './choose-backend';
import { createController } from './controller';
import { registerCpuAs, unregisterFake } from './test-backends';
import { CPU_ONLY, Recorder, testJob } from './test-helpers';
import { generate } from '../../core/data/generators';
import type { BuiltinDatasetRef } from '../../core/data/dataset';
import { validateExperiment } from '../../core/experiment/validate';
import { HARDWARE_GPU, SOFTWARE_GPU } from '../../core/train/test-probes';

/**
 * What a browser on a machine without a usable GPU offers, as the e2e suite's headless Chromium
 * does: software WebGPU and WebGL, and WASM. Here each is TF.js's cpu backend under that name:
 * "wasm" with slower kernels, "webgl" with none (every step fails), "webgpu" with reads that come
 * back only after 1.5 s (a GPU too slow for the budget).
 */
const OFFERED = SOFTWARE_GPU;

beforeAll(async () => {
  registerCpuAs('wasm', { kernelDelayMs: 0.2 });
  registerCpuAs('webgl', { noKernels: true });
  registerCpuAs('webgpu', { readDelayMs: 1500 });
  await tf.setBackend('cpu');
});

afterAll(async () => {
  await tf.setBackend('cpu');
  unregisterFake('wasm');
  unregisterFake('webgl');
  unregisterFake('webgpu');
});

class MemoryStore implements MeasurementStore {
  readonly entries = new Map<string, Remembered>();
  async read(key: string) {
    return this.entries.get(key) ?? null;
  }
  async write(key: string, entry: Remembered) {
    this.entries.set(key, entry);
  }
}

const MACHINE = { cores: 2, isolated: false, appVersion: '0.1.0' };

function chooser(store: MeasurementStore) {
  return createBackendChooser({
    offered: async () => OFFERED,
    machine: MACHINE,
    store,
    // The app's own budget (MEASURE_BUDGET_MS): on a busy 2-core machine, where a slowed step
    // takes 130 ms, a smaller one leaves no room to grow the first steps to the batch.
    drainMs: 200,
  });
}

function request(overrides: Partial<ChoiceRequest> = {}) {
  const job = testJob({ hidden: [16, 16] });
  const data = generate(job.experiment.dataset as BuiltinDatasetRef);
  const experiment = validateExperiment(job.experiment);
  if (!data.ok || !experiment.ok) throw new Error('the test job is invalid');
  const announced: ReadyEvent[] = [];
  const base: ChoiceRequest = {
    job: measuredJob(experiment.value, data.value),
    lost: [],
    active: 'wasm',
    superseded: () => false,
    announce: (event) => announced.push(event),
  };
  return { request: { ...base, ...overrides }, announced };
}

describe('auto by measurement', () => {
  test('measures each backend that starts, the processor ones first, and takes the fastest', async () => {
    const store = new MemoryStore();
    const before = tf.memory().numTensors;
    const { request: asked, announced } = request();
    await tf.setBackend('wasm');
    const started = performance.now();
    const event = await chooser(store)(asked);
    const took = performance.now() - started;

    expect(announced.map((e) => e.measurement?.state)).toEqual(['measuring']);
    expect(announced[0]?.backend).toBe('wasm');
    expect(event?.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const results = event?.measurement?.results ?? [];
    expect(results.map((r) => [r.backend, r.outcome])).toEqual([
      ['wasm', 'measured'],
      ['cpu', 'measured'],
      ['webgl', 'failed'],
      ['webgpu', 'slow'],
    ]);
    const rate = (b: string) => results.find((r) => r.backend === b)?.samplesPerSec ?? 0;
    expect(rate('cpu')).toBeGreaterThan(rate('wasm'));
    expect(results[3]?.note).toMatch(/no step finished within/);
    expect(event?.measurement).toMatchObject({
      state: 'measured',
      model: '371 parameters, batch 32',
    });
    expect(event?.reason).toBe('auto: cpu trained this model fastest when measured');
    // Four budgets of 1 s, the first 0.3 s longer, and the slow GPU's 1.5 s not waited for.
    expect(took).toBeLessThan(6500);
    expect(store.entries.size).toBe(1);
    // The slow GPU's read answers late; then nothing of the measurement is left.
    await vi.waitFor(() => expect(tf.memory().numTensors).toBe(before), { timeout: 3000 });
  });

  test('a reload takes the remembered figures without measuring again', async () => {
    const store = new MemoryStore();
    await chooser(store)(request().request);
    await tf.setBackend('wasm');
    const { request: asked, announced } = request();
    const started = performance.now();
    const event = await chooser(store)(asked);
    expect(performance.now() - started).toBeLessThan(300);
    expect(announced).toEqual([]);
    expect(event?.measurement?.state).toBe('remembered');
    expect(event?.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  test('a measurement made moot by the next command keeps nothing and goes back', async () => {
    const store = new MemoryStore();
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    let polls = 0;
    const { request: asked } = request({ superseded: () => ++polls > 3 });
    expect(await chooser(store)(asked)).toBeNull();
    expect(tf.getBackend()).toBe('wasm');
    expect(store.entries.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });

  test("a hardware GPU's slow first step (its shaders compiling) is not held against it", async () => {
    unregisterFake('webgpu');
    registerCpuAs('webgpu', { firstReadDelayMs: 1500 });
    try {
      const withGpu = createBackendChooser({
        offered: async () => HARDWARE_GPU,
        machine: MACHINE,
        store: new MemoryStore(),
        drainMs: 200,
      });
      await tf.setBackend('wasm');
      const event = await withGpu(request().request);
      const gpu = event?.measurement?.results.find((r) => r.backend === 'webgpu');
      expect(gpu?.outcome).toBe('measured');
    } finally {
      await tf.setBackend('cpu');
      unregisterFake('webgpu');
      registerCpuAs('webgpu', { readDelayMs: 1500 });
    }
  });

  test('with one backend to run on there is nothing to measure', async () => {
    const store = new MemoryStore();
    const only = createBackendChooser({ offered: async () => CPU_ONLY, machine: MACHINE, store });
    const { request: asked, announced } = request({ active: 'cpu' });
    expect(await only(asked)).toBeNull();
    expect(announced).toEqual([]);
  });
});

describe('auto by measurement in the worker controller', () => {
  const epochLosses = (r: Recorder) => r.of('epochEnd').map((e) => e.train.loss);

  async function run(controller: ReturnType<typeof createController>, recorder: Recorder) {
    const job = testJob({ hidden: [16, 16], epochs: 3 });
    await controller.handle({ type: 'reset', job });
    const done = recorder.next((e) => e.type === 'done');
    await controller.handle({ type: 'start', runId: 'run-1', job });
    await done;
  }

  test('auto measures once the model is known; the run is the one it would have been', async () => {
    const recorder = new Recorder();
    const controller = createController(
      recorder.emit,
      (requested, lost) => activateBackend(requested, OFFERED, lost),
      undefined,
      undefined,
      undefined,
      chooser(new MemoryStore()),
    );
    await controller.handle({ type: 'init', backend: 'auto' });
    await run(controller, recorder);
    const ready = recorder.of('ready');
    // The fixed order's pick at init, then measuring, then the measured pick: each said once.
    expect(ready.map((e) => [e.backend, e.measurement?.state])).toEqual([
      ['wasm', undefined],
      ['wasm', 'measuring'],
      ['cpu', 'measured'],
    ]);

    const plain = new Recorder();
    const cpu = createController(plain.emit, (requested) => activateBackend(requested, CPU_ONLY));
    await cpu.handle({ type: 'init', backend: 'cpu' });
    await run(cpu, plain);
    expect(epochLosses(recorder)).toHaveLength(3);
    expect(epochLosses(recorder)).toEqual(epochLosses(plain));
    expect(recorder.of('prediction')[0]).toEqual(plain.of('prediction')[0]);
  });

  test('a forced backend never measures', async () => {
    const recorder = new Recorder();
    const store = new MemoryStore();
    const controller = createController(
      recorder.emit,
      (requested, lost) => activateBackend(requested, OFFERED, lost),
      undefined,
      undefined,
      undefined,
      chooser(store),
    );
    await controller.handle({ type: 'init', backend: 'cpu' });
    await run(controller, recorder);
    expect(recorder.of('ready').map((e) => e.measurement)).toEqual([undefined]);
    expect(store.entries.size).toBe(0);
  });
});
