import { describe, expect, test } from 'vitest';
import {
  defaultDataset,
  defaultExperiment,
  PLAYGROUND,
  type Experiment,
} from '../experiment/experiment';
import type { TrainJob } from '../protocol';
import { groupKeyOf } from './group';
import { richExperiment } from './test-sweeps';

const jobOf = (experiment: Experiment, sweepId = 'sweep-1'): TrainJob => ({
  experiment,
  gridResolution: 0,
  place: PLAYGROUND,
  sweep: { sweepId, trialId: 'trial' },
});

const withConfig = (change: Partial<Experiment['config']>): Experiment => {
  const base = defaultExperiment();
  return { ...base, config: { ...base.config, ...change } };
};

describe('which sweep trials train as one group', () => {
  test('the default job groups across seeds, learning rates and schedules', () => {
    const key = groupKeyOf(jobOf(defaultExperiment()));
    expect(key).not.toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ seed: 9 })))).toBe(key);
    // A generated dataset's points follow the seed: the group trains each on its own points.
    const base = defaultExperiment();
    const reseeded = { ...base, dataset: { ...defaultDataset(), seed: 9 } };
    expect(groupKeyOf(jobOf(reseeded))).toBe(key);
    expect(groupKeyOf(jobOf(withConfig({ learningRate: 0.3 })))).toBe(key);
    const cosine = { kind: 'cosine', minLearningRate: 0.001 } as const;
    expect(groupKeyOf(jobOf(withConfig({ schedule: cosine })))).toBe(key);
  });

  test('anything else that differs makes another group', () => {
    const key = groupKeyOf(jobOf(defaultExperiment()));
    expect(groupKeyOf(jobOf(withConfig({ batchSize: 8 })))).not.toBe(key);
    expect(groupKeyOf(jobOf(withConfig({ epochs: 7 })))).not.toBe(key);
    expect(groupKeyOf(jobOf(withConfig({ optimizer: 'sgd' })))).not.toBe(key);
    expect(groupKeyOf(jobOf(defaultExperiment(), 'sweep-2'))).not.toBe(key);
    const dataset = defaultDataset();
    const noisier = {
      ...defaultExperiment(),
      dataset: { ...dataset, params: { ...dataset.params, noise: 0.3 } },
    };
    expect(groupKeyOf(jobOf(noisier))).not.toBe(key);
  });

  test('what a group cannot reproduce trains alone', () => {
    expect(groupKeyOf({ ...jobOf(defaultExperiment()), sweep: undefined })).toBeNull();
    expect(groupKeyOf(jobOf(richExperiment()))).toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ optimizer: 'rmsprop' })))).toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ optimizer: 'adamw', weightDecay: 0.01 })))).toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ l2: 0.001 })))).toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ clipNorm: 1 })))).toBeNull();
    expect(groupKeyOf(jobOf(withConfig({ loss: 'huber' })))).toBeNull();
  });
});
