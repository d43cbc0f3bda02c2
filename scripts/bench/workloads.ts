/**
 * The benchmark's workloads: the playground's default job exactly as the app builds it (jobOf on
 * the default experiment), and a 784-128-10 MLP on seeded random data the size of a small MNIST.
 */
import type { ClassificationDataset } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import { createRng } from '../../src/core/data/rng';
import { inferModel } from '../../src/core/model/inference';
import type { ModelSpec } from '../../src/core/model/spec';
import type { TrainJob } from '../../src/core/protocol';
import { DEFAULT_CONFIG } from '../../src/core/train/config';
import { prepareJob, type PreparedJob } from '../../src/core/train/prepare';
import {
  defaultDataset,
  defaultExperiment,
  PLAYGROUND,
} from '../../src/core/experiment/experiment';
import { jobOf } from '../../src/core/experiment/job';
import { unwrap } from './unwrap';

/** The job the app's Train button sends with default settings (grid 48 included). */
export function appJob(epochs: number): TrainJob {
  const experiment = defaultExperiment();
  return jobOf({ ...experiment, config: { ...experiment.config, epochs } }, PLAYGROUND, {
    kind: 'points',
  });
}

const defaultPoints = () => unwrap(generate(defaultDataset()));

/** Workload A: the default job without the decision-boundary grid, so fit does the same work. */
export const defaultMlp = (): PreparedJob =>
  unwrap(prepareJob({ ...appJob(1), gridResolution: 0 }, defaultPoints()));

const FEATURES = 784;
const CLASSES = 10;

function randomSet(n: number, seed: number): ClassificationDataset {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * FEATURES }, () => rng.next());
  const labels = Int32Array.from({ length: n }, () => rng.int(CLASSES));
  return { task: 'classification', n, inputShape: [FEATURES], x, labels, numClasses: CLASSES };
}

/** Workload B: 4096 training and 512 validation examples of 784 floats in [0, 1), 10 classes. */
export function mnistMlp(): PreparedJob {
  const spec: ModelSpec = {
    layers: [
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: CLASSES, activation: 'softmax' },
    ],
  };
  const train = randomSet(4096, 1);
  return {
    spec,
    summary: unwrap(inferModel(spec, train.inputShape)),
    config: { ...DEFAULT_CONFIG, learningRate: 0.001, batchSize: 128, epochs: 1 },
    dataset: train,
    train,
    validation: randomSet(512, 2),
    validationRows: null,
    gridResolution: 0,
  };
}
