import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Schedule } from '../../core/train/config';
import { learningRateAt } from '../../core/train/schedules';
import { createSession, Recorder, testJob } from './test-helpers';

const rates = (config: Parameters<typeof learningRateAt>[0]) =>
  Array.from({ length: config.epochs }, (_, epoch) => learningRateAt(config, epoch));

describe('learningRateAt', () => {
  test('constant keeps the learning rate, and so does a config without a schedule', () => {
    expect(
      new Set(rates({ learningRate: 0.1, epochs: 7, schedule: { kind: 'constant' } })),
    ).toEqual(new Set([0.1]));
    expect(new Set(rates({ learningRate: 0.1, epochs: 7 }))).toEqual(new Set([0.1]));
  });

  test('step halves after every 3 epochs', () => {
    const schedule = { kind: 'step', everyEpochs: 3, factor: 0.5 } as const;
    expect(rates({ learningRate: 0.8, epochs: 10, schedule })).toEqual([
      0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1,
    ]);
  });

  test('cosine starts at the learning rate, is halfway in the middle and ends at the minimum', () => {
    const config = {
      learningRate: 0.1,
      epochs: 11,
      schedule: { kind: 'cosine', minLearningRate: 0.02 },
    } as const;
    const r = rates(config);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[5]).toBeCloseTo(0.06, 12);
    expect(r[10]).toBeCloseTo(0.02, 12);
  });

  test('a one-epoch cosine run trains at the learning rate', () => {
    expect(
      learningRateAt(
        { learningRate: 0.1, epochs: 1, schedule: { kind: 'cosine', minLearningRate: 0 } },
        0,
      ),
    ).toBe(0.1);
  });

  test('cosine never rises and stays between the minimum and the learning rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 500 }),
        (learningRate, fraction, epochs) => {
          const minLearningRate = learningRate * fraction;
          const r = rates({ learningRate, epochs, schedule: { kind: 'cosine', minLearningRate } });
          const slack = learningRate * 1e-12;
          r.forEach((rate, i) => {
            expect(rate).toBeGreaterThanOrEqual(minLearningRate - slack);
            expect(rate).toBeLessThanOrEqual(learningRate + slack);
            if (i > 0) expect(rate).toBeLessThanOrEqual(r[i - 1]! + slack);
          });
          expect(r.at(-1)).toBeCloseTo(minLearningRate, 9);
        },
      ),
    );
  });
});

describe('a training session under a schedule', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  async function losses(schedule: Schedule): Promise<number[]> {
    const recorder = new Recorder();
    const job = testJob({ optimizer: 'sgd', learningRate: 0.5, epochs: 8, schedule });
    const created = createSession(job, recorder.emit);
    if (!created.ok) throw created.error;
    const ended = recorder.next((e) => e.type === 'done' || e.type === 'error');
    created.value.start();
    await ended;
    await created.value.dispose();
    return recorder.of('epochEnd').map((e) => e.train.loss);
  }

  test('sets the rate at each epoch start: a steep step schedule stops learning after epoch 1', async () => {
    const constant = await losses({ kind: 'constant' });
    const stepped = await losses({ kind: 'step', everyEpochs: 1, factor: 0.001 });
    // Epoch 1 trains at the same rate in both runs.
    expect(stepped[0]).toBe(constant[0]);
    const change = (l: number[]) => Math.abs(l[2]! - l[7]!);
    expect(change(constant)).toBeGreaterThan(0.05);
    expect(change(stepped)).toBeLessThan(0.001);
  });
});
