import { describe, expect, test } from 'vitest';
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
});
