import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BackendChoice, BackendName, WorkerEvent } from '../../core/protocol';
import { ok } from '../../core/result';
import type { ReadyEvent } from '../../core/protocol';
import type { GpuWatch } from '../../core/train/backend-loss';
import type { Checkpoint } from '../../core/runs/checkpoint';
import { createController, type CheckpointStore } from './controller';
import { Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Every backend runs on TF.js's cpu here; only the names change. The first is "webgl", then the
 * next in line that is not lost, as activateBackend would pick them.
 */
async function fakeSetup(requested: BackendChoice, lost: readonly BackendName[]) {
  const backend = (['webgl', 'wasm', 'cpu'] as const).find((b) => !lost.includes(b)) ?? 'cpu';
  return {
    type: 'ready',
    backend,
    requested,
    reason: 'test',
    adapter: null,
    renderer: null,
  } as ReadyEvent;
}

/** A GPU that can be lost on demand; `silently` loses it without delivering the event. */
class FakeGpu implements GpuWatch {
  watched: BackendName[] = [];
  private onLost: ((cause: string) => void) | null = null;
  private lost = false;
  watch(backend: BackendName, onLost: (cause: string) => void) {
    this.watched.push(backend);
    this.lost = false;
    this.onLost = backend === 'webgl' ? onLost : null;
  }
  lostCause() {
    return this.lost ? 'WebGL context lost' : null;
  }
  async lossAfterError() {
    return this.lostCause();
  }
  lose() {
    if (!this.onLost) return false;
    this.lost = true;
    this.onLost('WebGL context lost');
    return true;
  }
  loseSilently() {
    this.lost = true;
  }
}

class MemoryCheckpoints implements CheckpointStore {
  readonly saved = new Map<string, Checkpoint>();
  readonly epochs: number[] = [];
  async save(checkpoint: Checkpoint) {
    this.saved.set(checkpoint.runId, checkpoint);
    this.epochs.push(checkpoint.epoch);
    return ok(undefined);
  }
  async load(runId: string) {
    return ok(this.saved.get(runId) ?? null);
  }
}

function setUp(checkpoints?: CheckpointStore) {
  const recorder = new Recorder();
  const gpu = new FakeGpu();
  const controller = createController(recorder.emit, fakeSetup, undefined, checkpoints, gpu);
  return { recorder, gpu, controller };
}

const after = (events: WorkerEvent[], test: (e: WorkerEvent) => boolean) =>
  events.slice(events.findIndex(test) + 1);

describe('losing the GPU during a run', () => {
  test('the run goes on from its checkpoint on the next backend and ends with every epoch', async () => {
    const checkpoints = new MemoryCheckpoints();
    const { recorder, gpu, controller } = setUp(checkpoints);
    await controller.handle({ type: 'init', backend: 'auto' });
    const job = testJob({ epochs: 60, size: 400, batchSize: 16 });
    await controller.handle({ type: 'start', runId: 'run-87', job });
    await recorder.next((e) => e.type === 'checkpoint');
    await recorder.next((e) => e.type === 'epochEnd');
    const tensorsBefore = recorder.of('epochEnd').at(-1)!.numTensors;

    const lostEvent = recorder.next((e) => e.type === 'backendLost');
    await controller.handle({ type: 'loseContext' });
    const lost = (await lostEvent) as Extract<WorkerEvent, { type: 'backendLost' }>;
    const done = await recorder.next((e) => e.type === 'done', 60_000);

    expect(lost).toMatchObject({ lost: 'webgl', next: 'wasm' });
    expect(lost.resumedFromEpoch).toBeGreaterThan(0);
    // The newest checkpoint saved by then: the announced ones, or a save that was under way.
    const announced = recorder.events
      .slice(0, recorder.events.indexOf(lost))
      .filter((e) => e.type === 'checkpoint');
    expect(lost.resumedFromEpoch).toBeGreaterThanOrEqual(announced.at(-1)!.epoch);
    expect(checkpoints.epochs).toContain(lost.resumedFromEpoch);
    expect(lost.message).toBe(
      `The GPU stopped responding (WebGL context lost). Training goes on from epoch ${lost.resumedFromEpoch + 1} on wasm.`,
    );
    expect(recorder.of('ready').map((r) => r.backend)).toEqual(['webgl', 'wasm']);
    expect(gpu.watched).toEqual(['webgl', 'wasm']);
    expect(done).toMatchObject({ reason: 'completed', epochs: 60 });

    const resumed = after(recorder.events, (e) => e.type === 'backendLost').filter(
      (e): e is Extract<WorkerEvent, { type: 'epochEnd' }> => e.type === 'epochEnd',
    );
    expect(resumed.map((e) => e.epoch)).toEqual(
      Array.from({ length: 60 - lost.resumedFromEpoch }, (_, i) => lost.resumedFromEpoch + 1 + i),
    );
    expect(resumed.at(-1)!.numTensors).toBe(tensorsBefore);
    // The abandoned run falls silent: no error, no second done.
    expect(recorder.of('error')).toEqual([]);
    expect(recorder.of('done')).toHaveLength(1);
  });

  test('without a checkpoint the run starts again with the same seed', async () => {
    const { recorder, controller } = setUp();
    const job = testJob({ epochs: 40, size: 400, batchSize: 16 });
    await controller.handle({ type: 'start', runId: 'run-127', job });
    await recorder.next((e) => e.type === 'epochEnd');
    const firstEpoch = recorder.of('epochEnd')[0]!;

    const lostEvent = recorder.next((e) => e.type === 'backendLost');
    await controller.handle({ type: 'loseContext' });
    const lost = await lostEvent;
    await recorder.next((e) => e.type === 'done', 60_000);

    expect(lost).toMatchObject({ resumedFromEpoch: 0, next: 'wasm' });
    expect((lost as { message: string }).message).toMatch(/starts again from epoch 1 on wasm/);
    const again = after(recorder.events, (e) => e.type === 'backendLost').filter(
      (e): e is Extract<WorkerEvent, { type: 'epochEnd' }> => e.type === 'epochEnd',
    );
    expect(again.map((e) => e.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Same seed, same arithmetic on the same (cpu) kernels: the same first epoch.
    expect(again[0]!.train).toEqual(firstEpoch.train);
  });

  test('a checkpoint captured after the context died is not saved, and the loss is handled', async () => {
    const checkpoints = new MemoryCheckpoints();
    const { recorder, gpu, controller } = setUp(checkpoints);
    await controller.handle({
      type: 'start',
      runId: 'run-149',
      job: testJob({ epochs: 3, size: 100 }),
    });
    await recorder.next((e) => e.type === 'checkpoint');
    const saved = checkpoints.epochs.length;
    gpu.loseSilently();
    const lost = await recorder.next((e) => e.type === 'backendLost');
    // Only the last epoch's checkpoint was due; it came from the dead context and was dropped.
    expect(checkpoints.epochs).toHaveLength(saved);
    expect(lost).toMatchObject({ lost: 'webgl', next: 'wasm', resumedFromEpoch: 1 });
    await recorder.next((e) => e.type === 'done');
  });

  test('a loss while nothing runs moves the idle model to the next backend', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'reset', job: testJob() });
    const predictions = recorder.of('prediction').length;
    const lost = recorder.next((e) => e.type === 'backendLost');
    await controller.handle({ type: 'loseContext' });
    expect(await lost).toMatchObject({
      message: 'The GPU stopped responding (WebGL context lost). The model now runs on wasm.',
    });
    await recorder.next((e) => e.type === 'prediction');
    expect(recorder.of('prediction').length).toBe(predictions + 1);
  });

  test('a forced backend that is lost is not used again, and the message says so', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'webgl' });
    const lost = recorder.next((e) => e.type === 'backendLost');
    await controller.handle({ type: 'loseContext' });
    expect(((await lost) as { message: string }).message).toMatch(
      /webgl was requested, but it cannot be used again until the page is reloaded/,
    );
  });

  test('losing a context where there is none is an error', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'auto' });
    await controller.handle({ type: 'loseContext' });
    await recorder.next((e) => e.type === 'backendLost');
    await controller.handle({ type: 'loseContext' });
    expect(recorder.of('error').at(-1)?.error.message).toMatch(
      /no GPU context to lose: the backend is wasm/,
    );
  });
});
