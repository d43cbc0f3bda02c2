import { describe, expect, test } from 'vitest';
import type { WorkerEvent } from '../protocol';
import {
  activityOf,
  backendLostEvent,
  lossMessage,
  SessionRelay,
  type LossReport,
} from './backend-loss';

const report = (patch: Partial<LossReport> = {}): LossReport => ({
  lost: 'webgl',
  cause: 'WebGL context lost',
  next: 'wasm',
  requested: 'auto',
  activity: 'training',
  checkpointEpoch: 2,
  ...patch,
});

describe('what a lost GPU leads to', () => {
  test('a run with a checkpoint goes on from the epoch after it', () => {
    expect(lossMessage(report())).toBe(
      'The GPU stopped responding (WebGL context lost). Training goes on from epoch 3 on wasm.',
    );
    expect(backendLostEvent(report({ activity: 'paused' }))).toEqual({
      type: 'backendLost',
      lost: 'webgl',
      next: 'wasm',
      resumedFromEpoch: 2,
      message:
        'The GPU stopped responding (WebGL context lost). Training goes on from epoch 3 on wasm.',
    });
  });

  test('a run without one starts again with the same seed', () => {
    const event = backendLostEvent(report({ checkpointEpoch: null, next: 'cpu' }));
    expect(event.resumedFromEpoch).toBe(0);
    expect(event.message).toBe(
      'The GPU stopped responding (WebGL context lost). It had not saved a checkpoint yet, so ' +
        'training starts again from epoch 1 on cpu, with the same seed.',
    );
  });

  test('without a run the model moves, and a forced backend is named', () => {
    expect(lossMessage(report({ activity: 'other', checkpointEpoch: null }))).toBe(
      'The GPU stopped responding (WebGL context lost). The model now runs on wasm.',
    );
    expect(
      lossMessage(
        report({
          activity: 'other',
          lost: 'webgpu',
          requested: 'webgpu',
          cause: 'WebGPU device lost: gone',
          checkpointEpoch: 10,
        }),
      ),
    ).toBe(
      'The GPU stopped responding (WebGPU device lost: gone). The model, as saved at epoch 10, ' +
        'now runs on wasm. webgpu was requested, but it cannot be used again until the page is ' +
        'reloaded.',
    );
  });

  test('running and paused runs carry on; anything else just moves', () => {
    expect(
      ['running', 'paused', 'idle', 'done', 'error'].map((s) => activityOf(s as never)),
    ).toEqual(['training', 'paused', 'other', 'other', 'other']);
  });
});

describe('SessionRelay', () => {
  const progress: WorkerEvent = {
    type: 'progress',
    epoch: 1,
    batch: 1,
    batchesPerEpoch: 2,
    loss: 1,
    accuracy: null,
    samplesPerSec: 1,
  };
  const failure: WorkerEvent[] = [
    { type: 'error', error: { name: 'Error', code: 'internal', message: 'mapAsync failed' } },
    { type: 'status', status: 'error' },
  ];

  async function relayed(lost: boolean) {
    const out: WorkerEvent[] = [];
    const relay = new SessionRelay(
      (e) => out.push(e),
      async () => lost,
    );
    [{ type: 'status', status: 'running' } as WorkerEvent, progress, ...failure].forEach(
      relay.relay,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { out, relay };
  }

  test('an error caused by a lost GPU is dropped with what follows it', async () => {
    const { out, relay } = await relayed(true);
    expect(out.map((e) => e.type)).toEqual(['status', 'progress']);
    expect(relay.lastStatus).toBe('running');
  });

  test('any other error goes out, in order, once the GPU is known fine', async () => {
    const { out, relay } = await relayed(false);
    expect(out.map((e) => e.type)).toEqual(['status', 'progress', 'error', 'status']);
    expect(relay.lastStatus).toBe('error');
  });

  test('errors answering a request are not held', () => {
    const out: WorkerEvent[] = [];
    const relay = new SessionRelay(
      (e) => out.push(e),
      () => new Promise(() => {}),
    );
    relay.relay({ ...failure[0]!, requestId: 4 } as WorkerEvent);
    expect(out).toHaveLength(1);
  });
});
