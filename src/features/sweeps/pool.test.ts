/**
 * The sweep's pool over real training workers' controllers (in this process, over MessageChannels:
 * engine/train/test-worker.ts), with their checkpoints in fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND } from '../../core/experiment/experiment';
import type { BackendChoice, TrainJob } from '../../core/protocol';
import type { EpochRecord } from '../../core/runs/epoch';
import { testRunExperiment } from '../../core/runs/test-run';
import type { TrainConfig } from '../../core/train/config';
import { testTrainWorker, type TestTrainWorker } from '../../engine/train/test-worker';
import { testJob } from '../../engine/train/test-helpers';
import { openGradlabDb } from '../../storage/open';
import { checkpointStore } from '../../../workers/checkpoint-store';
import { createSweepPool, type PoolOptions, type TrialJob } from './pool';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function trialOf(runId: string, config: Partial<TrainConfig> = {}, resume = false): TrialJob {
  const job: TrainJob = {
    experiment: testRunExperiment({ epochs: 3, ...config }),
    gridResolution: 0,
    place: PLAYGROUND,
    sweep: { sweepId: 'sweep-1', trialId: `trial-${runId}` },
  };
  return { runId, job, resume };
}

function setUp(workers = 2, options: Partial<PoolOptions> = {}) {
  const name = `pool-${crypto.randomUUID()}`;
  const store = checkpointStore(() => openGradlabDb({ name }));
  const spawned: { backend: BackendChoice; worker: TestTrainWorker }[] = [];
  /** What the pool told each worker to train: a run id, or a group's run ids joined by '+'. */
  const trained: string[][] = [];
  const pool = createSweepPool({
    backend: 'auto',
    spawn(backend) {
      const worker = testTrainWorker(store);
      worker.postMessage({ type: 'init', backend }, []);
      const told: string[] = [];
      trained.push(told);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message, transfer) => {
        const command = message as { type?: string; runId?: string; trials?: { runId: string }[] };
        if (command.type === 'start' || command.type === 'resumeFrom')
          told.push(command.runId ?? '');
        if (command.type === 'startGroup') {
          told.push((command.trials ?? []).map((t) => t.runId).join('+'));
        }
        post(message, transfer);
      };
      spawned.push({ backend, worker });
      return worker;
    },
    workersFor: () => workers,
    ...options,
  });
  return { pool, spawned, store, trained };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sweep pool', () => {
  it('trains trials on as many workers as the settled backend takes, and ends each with its weights', async () => {
    const settled: string[] = [];
    const { pool, spawned } = setUp(2, {
      onSettled: (ready, workers) => settled.push(`${ready.backend} x${workers}`),
    });
    expect(pool.freeSlots()).toBe(1);
    const order: string[] = [];
    const runs = ['a', 'b', 'c'].map((id) =>
      pool.run(trialOf(id, { epochs: 30 }), (epoch) => order.push(`${id}${epoch.epoch}`)),
    );
    const ends = await Promise.all(runs);
    expect(settled).toEqual(['cpu x2']);
    // One worker until its first epoch settled the backend, then two, each asked for it.
    expect(spawned.map((s) => s.backend)).toEqual(['auto', 'cpu']);
    for (const end of ends) {
      expect(end).toMatchObject({
        reason: 'completed',
        message: null,
        samplesPerSec: expect.any(Number),
      });
      expect(end.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(end.backend?.backend).toBe('cpu');
      expect(end.durationMs).toBeGreaterThan(0);
      const model = JSON.parse(end.weights?.modelJson ?? '{}') as { weightsManifest?: unknown };
      expect(model.weightsManifest).toBeDefined();
      expect(end.weights?.data.byteLength).toBeGreaterThan(0);
    }
    // Two trials trained at the same time: b began before a ended.
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a30'));
    expect(pool.freeSlots()).toBe(2);
    pool.close('done');
  });

  it('on a backend asked for by name, starts every worker it takes at once', async () => {
    const { pool, spawned } = setUp(2, { backend: 'cpu' });
    expect(pool.freeSlots()).toBe(2);
    const ends = [pool.run(trialOf('a'), () => undefined), pool.run(trialOf('b'), () => undefined)];
    await sleep(0);
    expect(spawned.map((s) => s.backend)).toEqual(['cpu', 'cpu']);
    for (const end of await Promise.all(ends)) expect(end.reason).toBe('completed');
    pool.close('done');
  });

  it('continues a promoted trial from its checkpoint: only the epochs after it are trained', async () => {
    const { pool } = setUp(1);
    const first = await pool.run(trialOf('r', { epochs: 2 }), () => undefined);
    expect(first.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const promoted = await pool.run(trialOf('r', { epochs: 5 }, true), () => undefined);
    expect(promoted.reason).toBe('completed');
    expect(promoted.epochs.map((e) => e.epoch)).toEqual([3, 4, 5]);
    pool.close('done');
  });

  it('a trial whose checkpoint is gone fails with why, and the next trial is not touched by it', async () => {
    const { pool, spawned } = setUp(1);
    const missing = await pool.run(trialOf('never-ran', {}, true), () => undefined);
    expect(missing).toMatchObject({ reason: 'failed', epochs: [] });
    expect(missing.message).toMatch(/no checkpoint/);
    const next = await pool.run(trialOf('next'), () => undefined);
    expect(next.reason).toBe('completed');
    expect(next.epochs).toHaveLength(3);
    // The worker that failed was replaced, so nothing late of the failed trial reached this one.
    expect(spawned).toHaveLength(2);
    pool.close('done');
  });

  it('a lost worker fails its trial with the message, and a fresh worker takes the next', async () => {
    const { pool, spawned } = setUp(1);
    let crashed = false;
    const lost = pool.run(trialOf('lost', { epochs: 500 }), () => {
      if (crashed) return;
      crashed = true;
      spawned[0]?.worker.crash('out of memory');
    });
    const next = pool.run(trialOf('after'), () => undefined);
    const end = await lost;
    expect(end.reason).toBe('failed');
    expect(end.message).toMatch(/^The training worker failed \(out of memory\) and was stopped/);
    expect(end.epochs.length).toBeGreaterThan(0);
    expect((await next).reason).toBe('completed');
    expect(spawned).toHaveLength(2);
    pool.close('done');
  });

  it('a diverging trial fails with why, and the same worker trains the next', async () => {
    const { pool, spawned } = setUp(1);
    // The session test's divergent job: sgd at rate 10 on the noisy sine.
    const job = testJob({
      generator: 'sine',
      optimizer: 'sgd',
      learningRate: 10,
      hidden: [32, 32],
      epochs: 50,
    });
    const sweep = { sweepId: 'sweep-1', trialId: 'trial-nan' };
    const diverged = await pool.run(
      { runId: 'nan', job: { ...job, gridResolution: 0, sweep }, resume: false },
      () => undefined,
    );
    expect(diverged.reason).toBe('failed');
    expect(diverged.message).toMatch(/NaN or infinite/);
    expect((await pool.run(trialOf('fine'), () => undefined)).reason).toBe('completed');
    expect(spawned).toHaveLength(1);
    pool.close('done');
  });

  it('pause holds every trial where it is, and resume goes on', async () => {
    const { pool } = setUp(2);
    const seen = new Map<string, EpochRecord[]>();
    const track = (id: string) => (epoch: EpochRecord) =>
      seen.set(id, [...(seen.get(id) ?? []), epoch]);
    const first = pool.run(trialOf('p', { epochs: 5000 }), track('p'));
    while ((seen.get('p')?.length ?? 0) === 0) await sleep(10);
    const second = pool.run(trialOf('q', { epochs: 5000 }), track('q'));
    while ((seen.get('q')?.length ?? 0) === 0) await sleep(10);
    pool.pause();
    await sleep(200);
    const held = [...seen.values()].map((epochs) => epochs.length);
    await sleep(300);
    expect([...seen.values()].map((epochs) => epochs.length)).toEqual(held);
    pool.resume();
    await sleep(300);
    pool.close('done');
    const ends = await Promise.all([first, second]);
    ends.forEach((end, k) => {
      expect(end).toMatchObject({ reason: 'failed', message: 'done' });
      expect(end.epochs.length).toBeGreaterThan(held[k] ?? Infinity);
    });
  });

  it('close ends the trials going on and waiting as failed, and takes no more', async () => {
    const { pool } = setUp(1);
    const going = pool.run(trialOf('x', { epochs: 5000 }), () => undefined);
    const queued = pool.run(trialOf('y'), () => undefined);
    await sleep(50);
    pool.close('The sweep was deleted.');
    expect(await going).toMatchObject({ reason: 'failed', message: 'The sweep was deleted.' });
    expect(await queued).toMatchObject({ reason: 'failed', message: 'The sweep was deleted.' });
    expect(pool.freeSlots()).toBe(0);
  });
  it('trains trials that group as one model per worker, shared evenly, each ended as its own run', async () => {
    const { pool, trained } = setUp(2, { backend: 'cpu', modelsPerWorker: () => 4 });
    expect(pool.freeSlots()).toBe(8);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const curves = new Map<string, number[]>(ids.map((id) => [id, []]));
    const ends = await Promise.all(
      ids.map((id, i) =>
        pool.run(trialOf(id, { seed: i + 1, learningRate: 0.01 * (i + 1) }), (epoch) =>
          curves.get(id)?.push(epoch.epoch),
        ),
      ),
    );
    // Five trials on two free workers: three and two, not four and one.
    expect(trained).toEqual([['a+b+c'], ['d+e']]);
    for (const [i, end] of ends.entries()) {
      expect(end).toMatchObject({ reason: 'completed', message: null });
      expect(end.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(curves.get(ids[i] ?? '')).toEqual([1, 2, 3]);
      expect(end.weights?.data.byteLength).toBeGreaterThan(0);
    }
    // Each its own model: different seeds, different weights.
    const [a, b] = ends.map((end) => new Float32Array(end.weights?.data ?? new ArrayBuffer(0)));
    expect(a).not.toEqual(b);
    pool.close('done');
  });

  it('trains alone what cannot group: another model, a resumed trial, a backend of one model', async () => {
    const { pool, trained } = setUp(1, { backend: 'cpu', modelsPerWorker: () => 4 });
    const first = await pool.run(trialOf('r', { epochs: 2 }), () => undefined);
    expect(first.reason).toBe('completed');
    const ends = await Promise.all([
      pool.run(trialOf('r', { epochs: 3 }, true), () => undefined),
      pool.run(trialOf('other', { batchSize: 8 }), () => undefined),
      pool.run(trialOf('p', { seed: 2 }), () => undefined),
      pool.run(trialOf('q', { seed: 3 }), () => undefined),
    ]);
    expect(ends.map((end) => end.reason)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(trained).toEqual([['r', 'r', 'other', 'p+q']]);
    pool.close('done');

    const single = setUp(1, { backend: 'cpu', modelsPerWorker: () => 1 });
    await Promise.all([
      single.pool.run(trialOf('x', { seed: 2 }), () => undefined),
      single.pool.run(trialOf('y', { seed: 3 }), () => undefined),
    ]);
    expect(single.trained).toEqual([['x', 'y']]);
    single.pool.close('done');
  });

  it('a group member that diverges fails with why; the others complete', async () => {
    const { pool } = setUp(1, { backend: 'cpu', modelsPerWorker: () => 4 });
    const sweep = { sweepId: 'sweep-1', trialId: 'trial' };
    const sine = (learningRate: number, seed: number) => ({
      ...testJob({ generator: 'sine', optimizer: 'sgd', learningRate, seed, epochs: 5 }),
      gridResolution: 0,
      sweep,
    });
    const [calm, wild] = await Promise.all([
      pool.run({ runId: 'calm', job: sine(0.01, 1), resume: false }, () => undefined),
      pool.run({ runId: 'wild', job: sine(10, 2), resume: false }, () => undefined),
    ]);
    expect(calm?.reason).toBe('completed');
    expect(wild).toMatchObject({ reason: 'failed', weights: null });
    expect(wild?.message).toMatch(/NaN or infinite/);
    pool.close('done');
  });
});
