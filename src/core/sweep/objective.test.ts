import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../experiment/experiment';
import { defaultObjective, objectiveMetric } from './objective';

describe('objectiveMetric', () => {
  it("reads the objective's metric from an epoch", () => {
    const epoch = {
      epoch: 3,
      trainLoss: 0.5,
      trainAccuracy: 0.8,
      validationLoss: 0.6,
      validationAccuracy: null,
    };
    expect(objectiveMetric({ metric: 'validationLoss', goal: 'min' }, epoch)).toBe(0.6);
    expect(objectiveMetric({ metric: 'trainAccuracy', goal: 'max' }, epoch)).toBe(0.8);
    expect(objectiveMetric({ metric: 'validationAccuracy', goal: 'max' }, epoch)).toBeNull();
  });
});

describe('defaultObjective', () => {
  it('is the validation loss where data is held out, else the training loss', () => {
    const experiment = defaultExperiment();
    expect(defaultObjective(experiment)).toEqual({ metric: 'validationLoss', goal: 'min' });
    const none = { ...experiment, config: { ...experiment.config, validationSplit: 0 } };
    expect(defaultObjective(none)).toEqual({ metric: 'trainLoss', goal: 'min' });
  });
});
