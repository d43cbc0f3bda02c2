/** A small stored run for the runs tests; fields can be overridden. */
import { PLAYGROUND, type Experiment } from '../experiment/experiment';
import { DEFAULT_CONFIG, type TrainConfig } from '../train/config';
import { BROWSER_ORIGIN } from './origin';
import { RUN_FORMAT, type StoredRun } from './stored-run';

export function testRunExperiment(overrides: Partial<TrainConfig> = {}): Experiment {
  return {
    dataset: {
      kind: 'builtin',
      generator: 'spiral',
      params: { size: 200, noise: 0.1, classes: 2 },
      seed: 1,
    },
    model: {
      layers: [
        { type: 'dense', units: 8, activation: 'tanh' },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
    },
    config: {
      ...DEFAULT_CONFIG,
      optimizer: 'adam',
      learningRate: 0.01,
      loss: 'categoricalCrossentropy',
      batchSize: 32,
      epochs: 3,
      validationSplit: 0.2,
      seed: 1,
      ...overrides,
    },
    views: ['curves', 'boundary'],
  };
}

export function testRun(overrides: Partial<StoredRun> = {}): StoredRun {
  return {
    format: RUN_FORMAT,
    id: 'run-1',
    name: 'spiral · 2025-01-01 10:00',
    tags: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    experiment: testRunExperiment(),
    place: PLAYGROUND,
    origin: BROWSER_ORIGIN,
    datasetSha256: null,
    backend: 'cpu',
    adapter: null,
    epochs: [
      { epoch: 1, trainLoss: 0.9, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.4 },
      {
        epoch: 2,
        trainLoss: 0.5,
        trainAccuracy: 0.8,
        validationLoss: 0.6,
        validationAccuracy: 0.7,
      },
    ],
    durationMs: 1234,
    samplesPerSec: 1000,
    appVersion: '0.1.0',
    weights: { modelJson: '{}', data: new Float32Array([1, 2]).buffer },
    sweep: null,
    ...overrides,
  };
}
