import { describe, expect, test, vi } from 'vitest';
import { createTestStore } from '../../store/test-store';
import type { WorkerEvent } from '../../core/protocol';

const epochEnd = (epoch: number): WorkerEvent => ({
  type: 'epochEnd',
  epoch,
  train: { loss: 1 / epoch, accuracy: 0.5 },
  validation: { loss: 2 / epoch, accuracy: 0.4 },
  samplesPerSec: 100,
  numTensors: 10,
});

describe('train slice', () => {
  test('a batch of events lands as one update, epochs appended in order', () => {
    const { get } = createTestStore();
    get().applyEvents([
      { type: 'status', status: 'running' },
      epochEnd(1),
      epochEnd(2),
      { type: 'error', error: { name: 'E', code: 'x', message: 'went wrong' } },
    ]);
    get().applyEvents([epochEnd(3), { type: 'status', status: 'done' }]);
    expect(get().history.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(get().history[1]).toEqual({
      epoch: 2,
      trainLoss: 0.5,
      trainAccuracy: 0.5,
      validationLoss: 1,
      validationAccuracy: 0.4,
    });
    expect(get().status).toBe('done');
    expect(get().trainError).toBe('went wrong');
  });

  test('train sends the job built from the settings and clears the last run', () => {
    const { get, sent } = createTestStore();
    get().applyEvents([epochEnd(1)]);
    get().setTrainSettings({ epochs: 7 });
    get().train();
    expect(get().history).toEqual([]);
    const start = sent.at(-1);
    expect(start?.type).toBe('start');
    if (start?.type === 'start') {
      expect(start.job.config).toMatchObject({ epochs: 7, loss: 'categoricalCrossentropy' });
      expect(start.job.model.layers.at(-1)).toMatchObject({ units: 2, activation: 'softmax' });
    }
  });

  test('a pending reset is cancelled by Train, so it cannot end the new run', async () => {
    const { get, sent } = createTestStore();
    get().resetSoon();
    get().train();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent.map((c) => c.type)).toEqual(['start']);
  });

  test('regression data gets one linear output and the squared-error loss', () => {
    const { get, sent } = createTestStore();
    get().setDatasetSettings({ generator: 'sine' });
    get().train();
    const start = sent.at(-1);
    if (start?.type !== 'start') throw new Error('no start sent');
    expect(start.job.config.loss).toBe('meanSquaredError');
    expect(start.job.model.layers.at(-1)).toMatchObject({ units: 1, activation: 'linear' });
  });

  test('a lost backend cuts the curve back to its checkpoint; the epochs trained again follow', () => {
    const { get } = createTestStore();
    get().applyEvents([epochEnd(1), epochEnd(2), epochEnd(3)]);
    const lost: WorkerEvent = {
      type: 'backendLost',
      lost: 'webgl',
      next: 'wasm',
      resumedFromEpoch: 2,
      message:
        'The GPU stopped responding (WebGL context lost). Training goes on from epoch 3 on wasm.',
    };
    get().applyEvents([epochEnd(4), lost, epochEnd(3)]);
    get().applyEvents([epochEnd(4)]);
    expect(get().history.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(get().backendLost).toEqual(lost);
    get().dismissBackendLost();
    expect(get().backendLost).toBeNull();
  });

  test('loadWeights sends the weights and resolves with the answer to its request', async () => {
    const { get, sent } = createTestStore();
    const weightSpecs = [{ name: 'dense_0/kernel', shape: [2, 8], dtype: 'float32' as const }];
    const loaded = get().loadWeights({ weightSpecs, data: new ArrayBuffer(64) });
    const command = sent.at(-1);
    if (command?.type !== 'loadWeights') throw new Error('no loadWeights sent');
    expect(command.weightSpecs).toEqual(weightSpecs);
    get().applyEvents([{ type: 'weightsLoaded', requestId: command.requestId }]);
    expect(await loaded).toEqual({ ok: true, value: undefined });

    const refused = get().loadWeights({ weightSpecs, data: new ArrayBuffer(4) });
    const second = sent.at(-1);
    if (second?.type !== 'loadWeights') throw new Error('no loadWeights sent');
    const error = { name: 'WeightsMismatchError', code: 'weights-mismatch', message: 'no fit' };
    get().applyEvents([{ type: 'error', error, requestId: second.requestId }]);
    const outcome = await refused;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatchObject(error);
    // The refusal goes to whoever asked, not to the run's error line.
    expect(get().trainError).toBeNull();
  });

  test('loadWeights gives up with an error when the worker does not answer', async () => {
    vi.useFakeTimers();
    try {
      const { get } = createTestStore();
      const loaded = get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(0) });
      await vi.advanceTimersByTimeAsync(60_000);
      const outcome = await loaded;
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });
});
