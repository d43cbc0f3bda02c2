import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { loadCheckpoint, saveCheckpoint } from '../../storage/checkpoints-repo';
import { buildModel } from '../model/build';
import type { ModelSpec } from '../../core/model/spec';
import { captureCheckpoint, restoreCheckpoint, type CheckpointState } from './checkpoint';
import { epochRecordOf } from '../../core/runs/epoch';
import {
  CHECKPOINT_FORMAT,
  parseCheckpoint,
  type Checkpoint,
  type StoredTensor,
} from '../../core/runs/checkpoint';
import { Adam } from './adam';
import { createOptimizer } from './optimizers';
import { testJob } from './test-helpers';

/** Batch normalisation brings non-trainable weights (moving statistics) that training changes. */
const SPEC: ModelSpec = {
  layers: [
    { type: 'dense', units: 6, activation: 'tanh' },
    { type: 'batchNormalization' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};
const INPUT_SHAPE = [4];
/** Steps before a capture: after 5, pow(0.999, 6) and Adam's running product part in float32. */
const STEPS = 5;

/** Subclassed as optimizers.ts does for AdamW: the class name must carry over. */
class ScheduledAdam extends Adam {}

const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.1, 0.9),
  adam: () => createOptimizer('adam', 0.05),
  'adam (subclass)': () => new ScheduledAdam(0.05, 0.9, 0.999),
  rmsprop: () => tf.train.rmsprop(0.05, 0.9),
  'rmsprop (centered)': () => tf.train.rmsprop(0.05, 0.9, 0.1, undefined, true),
  adagrad: () => tf.train.adagrad(0.1),
  adamw: () => createOptimizer('adamw', 0.05, 0.1),
};

let db: GradlabDb;
let batches: { x: tf.Tensor; y: tf.Tensor }[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const opened = await openGradlabDb({ name: `checkpoint-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  db = opened.value;
  batches = [0, 1, 2, 3].map((i) => ({
    x: tf.randomNormal([16, 4], 0, 1, 'float32', 100 + i),
    y: tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 1, 1, 0, 2], 'int32'), 3),
  }));
});

afterAll(() => {
  db.close();
  for (const b of batches) tf.dispose([b.x, b.y]);
});

/** One training step as the session takes it: the trainable variables in model order. */
function step(model: tf.LayersModel, optimizer: tf.Optimizer, n: number): void {
  const batch = batches[n % batches.length]!;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  tf.tidy(() => {
    optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          batch.y,
          model.apply(batch.x, { training: true }) as tf.Tensor,
        ) as tf.Scalar,
      false,
      variables,
    );
  });
}

const state = (overrides: Partial<CheckpointState> = {}): CheckpointState => ({
  runId: 'run-1',
  epoch: 2,
  steps: STEPS,
  job: testJob(),
  history: [
    {
      epoch: 1,
      trainLoss: 1.1,
      trainAccuracy: 0.4,
      validationLoss: 1.2,
      validationAccuracy: 0.3,
    },
    {
      epoch: 2,
      trainLoss: 0.9,
      trainAccuracy: 0.6,
      validationLoss: null,
      validationAccuracy: null,
    },
  ],
  ...overrides,
});

const valuesOf = (tensors: StoredTensor[]) =>
  tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype, bytes: bytesOf(t.data) }));

const bytesOf = (buffer: ArrayBuffer): number[] => [...new Uint8Array(buffer)];

async function weightBytes(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => bytesOf((await w.data()).slice().buffer)));
}

async function trained(makeOptimizer: () => tf.Optimizer, steps = STEPS) {
  const model = buildModel(SPEC, INPUT_SHAPE, 1);
  const optimizer = makeOptimizer();
  for (let n = 0; n < steps; n++) step(model, optimizer, n);
  return { model, optimizer };
}

function dispose(pair: { model: tf.LayersModel; optimizer: tf.Optimizer }): void {
  pair.model.dispose();
  pair.optimizer.dispose();
}

describe.each(Object.entries(OPTIMIZERS))('checkpoint with %s', (_, makeOptimizer) => {
  it('restores a fresh model and optimizer that then train exactly like the original', async () => {
    const original = await trained(makeOptimizer);
    const checkpoint = await captureCheckpoint(original.model, original.optimizer, state());
    const saved = await saveCheckpoint(db, checkpoint);
    expect(saved.ok).toBe(true);
    const loaded = await loadCheckpoint(db, 'run-1');
    if (!loaded.ok || loaded.value === null) throw new Error('the checkpoint did not load');

    // Another seed, and other models built in between, so names and values both differ.
    buildModel(SPEC, INPUT_SHAPE, 5).dispose();
    const restored = { model: buildModel(SPEC, INPUT_SHAPE, 9), optimizer: makeOptimizer() };
    expect(await weightBytes(restored.model)).not.toEqual(await weightBytes(original.model));
    await restoreCheckpoint(restored.model, restored.optimizer, loaded.value);

    expect(await weightBytes(restored.model)).toEqual(await weightBytes(original.model));
    const again = await captureCheckpoint(restored.model, restored.optimizer, state());
    expect(valuesOf(again.weights)).toEqual(valuesOf(checkpoint.weights));
    expect(valuesOf(again.optimizerWeights)).toEqual(valuesOf(checkpoint.optimizerWeights));

    step(original.model, original.optimizer, STEPS);
    step(restored.model, restored.optimizer, STEPS);
    expect(await weightBytes(restored.model)).toEqual(await weightBytes(original.model));
    const [afterOriginal, afterRestored] = await Promise.all([
      captureCheckpoint(original.model, original.optimizer, state()),
      captureCheckpoint(restored.model, restored.optimizer, state()),
    ]);
    expect(valuesOf(afterRestored.optimizerWeights)).toEqual(
      valuesOf(afterOriginal.optimizerWeights),
    );
    dispose(original);
    dispose(restored);
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const original = await trained(makeOptimizer);
    const withState = tf.memory().numTensors;
    const checkpoint = await captureCheckpoint(original.model, original.optimizer, state());
    expect(tf.memory().numTensors).toBe(withState);
    // Into a pair that has state already: the old state is freed.
    await restoreCheckpoint(original.model, original.optimizer, checkpoint);
    expect(tf.memory().numTensors).toBe(withState);

    // A fresh pair ends up holding what the original holds, and a step adds nothing. (Counted,
    // not checked after dispose: TF.js's MomentumOptimizer.dispose leaks its learning rate.)
    const fresh = { model: buildModel(SPEC, INPUT_SHAPE, 2), optimizer: makeOptimizer() };
    await restoreCheckpoint(fresh.model, fresh.optimizer, checkpoint);
    const pairSize = withState - before;
    expect(tf.memory().numTensors).toBe(withState + pairSize);
    step(fresh.model, fresh.optimizer, 0);
    expect(tf.memory().numTensors).toBe(withState + pairSize);
    dispose(fresh);
    dispose(original);
  });
});

describe('a checkpoint of an optimizer that never stepped', () => {
  it('restores the iteration count alone, and training starts as from scratch', async () => {
    const original = await trained(() => createOptimizer('adam', 0.05), 0);
    const checkpoint = await captureCheckpoint(original.model, original.optimizer, state());
    expect(checkpoint.optimizerWeights.map((w) => w.name)).toEqual(['iter']);
    const restored = await trained(() => createOptimizer('adam', 0.05), 2);
    await restoreCheckpoint(restored.model, restored.optimizer, checkpoint);
    step(original.model, original.optimizer, 0);
    step(restored.model, restored.optimizer, 0);
    expect(await weightBytes(restored.model)).toEqual(await weightBytes(original.model));
    dispose(original);
    dispose(restored);
  });
});

describe('captureCheckpoint', () => {
  it('holds every weight, trainable or not, by its name within the model, and the run state', async () => {
    const pair = await trained(() => createOptimizer('adam', 0.05));
    const checkpoint = await captureCheckpoint(pair.model, pair.optimizer, state());
    expect(checkpoint.weights.map((w) => [w.name, w.shape])).toEqual([
      ['dense_0/kernel', [4, 6]],
      ['dense_0/bias', [6]],
      ['batchNormalization_1/gamma', [6]],
      ['batchNormalization_1/beta', [6]],
      ['dense_2/kernel', [6, 3]],
      ['dense_2/bias', [3]],
      ['batchNormalization_1/moving_mean', [6]],
      ['batchNormalization_1/moving_variance', [6]],
    ]);
    expect(checkpoint.optimizerWeights.map((w) => w.name)).toEqual([
      'iter',
      ...checkpoint.weights.slice(0, 6).map((w) => `${w.name}/m`),
      ...checkpoint.weights.slice(0, 6).map((w) => `${w.name}/v`),
    ]);
    const iterations = checkpoint.optimizerWeights[0]!;
    expect([...new Int32Array(iterations.data)]).toEqual([STEPS]);
    expect(checkpoint).toMatchObject({
      format: CHECKPOINT_FORMAT,
      optimizer: 'Adam',
      runId: 'run-1',
      epoch: 2,
      steps: STEPS,
      history: state().history,
    });
    expect(Date.parse(checkpoint.savedAt)).not.toBeNaN();
    // beta^(t+1) multiplied up step by step in float32, not pow's rounding of it.
    const power = (beta: number) =>
      Array.from({ length: STEPS }).reduce<number>(
        (p) => Math.fround(p * Math.fround(beta)),
        Math.fround(beta),
      );
    expect(checkpoint.adamPowers).toEqual({ beta1: power(0.9), beta2: power(0.999) });
    expect(power(0.999)).not.toBe(Math.fround(Math.fround(0.999) ** (STEPS + 1)));
    dispose(pair);
  });

  it('copies the values: later steps do not change a checkpoint', async () => {
    const pair = await trained(() => tf.train.sgd(0.1));
    const checkpoint = await captureCheckpoint(pair.model, pair.optimizer, state());
    const before = valuesOf(checkpoint.weights);
    step(pair.model, pair.optimizer, 0);
    expect(valuesOf(checkpoint.weights)).toEqual(before);
    dispose(pair);
  });

  it('refuses an optimizer whose state cannot be restored', async () => {
    const pair = await trained(() => tf.train.adamax(0.05), 1);
    await expect(captureCheckpoint(pair.model, pair.optimizer, state())).rejects.toMatchObject({
      code: 'invalid-state',
    });
    dispose(pair);
  });
});

describe('restoreCheckpoint refuses a checkpoint that does not fit', () => {
  async function checkpointOf(spec: ModelSpec, makeOptimizer: () => tf.Optimizer) {
    const model = buildModel(spec, INPUT_SHAPE, 1);
    const optimizer = makeOptimizer();
    step(model, optimizer, 0);
    const checkpoint = await captureCheckpoint(model, optimizer, state());
    dispose({ model, optimizer });
    return checkpoint;
  }

  const wider: ModelSpec = {
    layers: [{ type: 'dense', units: 7, activation: 'tanh' }, ...SPEC.layers.slice(1)],
  };
  const withoutNorm: ModelSpec = { layers: [SPEC.layers[0]!, SPEC.layers[2]!] };

  const renamed = (checkpoint: Checkpoint): Checkpoint => ({
    ...checkpoint,
    weights: checkpoint.weights.map((w, i) => (i === 0 ? { ...w, name: 'dense_9/kernel' } : w)),
  });
  const reordered = (checkpoint: Checkpoint): Checkpoint => {
    const [iterations, first, second, ...rest] = checkpoint.optimizerWeights;
    return { ...checkpoint, optimizerWeights: [iterations!, second!, first!, ...rest] };
  };

  const cases: [string, () => Promise<Checkpoint>, () => tf.Optimizer, RegExp][] = [
    [
      'another shape',
      () => checkpointOf(wider, () => createOptimizer('adam', 0.05)),
      () => createOptimizer('adam', 0.05),
      /dense_0\/kernel/,
    ],
    [
      'fewer weights',
      () => checkpointOf(withoutNorm, () => tf.train.sgd(0.1)),
      () => tf.train.sgd(0.1),
      /4 weights where the model has 8/,
    ],
    [
      'another weight name',
      async () => renamed(await checkpointOf(SPEC, () => tf.train.sgd(0.1))),
      () => tf.train.sgd(0.1),
      /no weight "dense_0\/kernel"/,
    ],
    [
      'another optimizer',
      () => checkpointOf(SPEC, () => createOptimizer('adam', 0.05)),
      () => tf.train.momentum(0.1, 0.9),
      /Adam state for a Momentum/,
    ],
    [
      'a centered RMSProp into a plain one',
      () => checkpointOf(SPEC, () => tf.train.rmsprop(0.05, 0.9, 0, undefined, true)),
      () => tf.train.rmsprop(0.05, 0.9),
      /18 state tensors where 12/,
    ],
    [
      'optimizer state out of order',
      async () => reordered(await checkpointOf(SPEC, () => tf.train.momentum(0.1, 0.9))),
      () => tf.train.momentum(0.1, 0.9),
      /out of place/,
    ],
  ];

  it.each(cases)(
    '%s, leaving model and optimizer untouched',
    async (_, make, makeOptimizer, message) => {
      const checkpoint = await make();
      const target = await trained(makeOptimizer, 1);
      const weights = await weightBytes(target.model);
      const before = await captureCheckpoint(target.model, target.optimizer, state());
      const tensors = tf.memory().numTensors;

      const refused = restoreCheckpoint(target.model, target.optimizer, checkpoint);
      await expect(refused).rejects.toMatchObject({ code: 'invalid-state', message });

      expect(tf.memory().numTensors).toBe(tensors);
      expect(await weightBytes(target.model)).toEqual(weights);
      const after = await captureCheckpoint(target.model, target.optimizer, state());
      expect(valuesOf(after.optimizerWeights)).toEqual(valuesOf(before.optimizerWeights));
      dispose(target);
    },
  );
});

describe('parseCheckpoint', () => {
  let valid: Checkpoint;
  beforeAll(async () => {
    const pair = await trained(() => tf.train.momentum(0.1, 0.9), 1);
    valid = await captureCheckpoint(pair.model, pair.optimizer, state());
    dispose(pair);
  });

  it('accepts a checkpoint as captured', () => {
    expect(valid.adamPowers).toBeNull();
    expect(parseCheckpoint(valid)).toEqual({ ok: true, value: valid });
  });

  it('refuses anything else without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = parseCheckpoint(value);
        expect(parsed.ok).toBe(false);
      }),
    );
  });

  it('refuses a checkpoint with one field broken, naming the run', () => {
    const breakages: Record<string, (c: Checkpoint) => unknown> = {
      format: (c) => ({ ...c, format: 3 }),
      adamPowers: (c) => ({ ...c, adamPowers: { beta1: 0.9 } }),
      epoch: (c) => ({ ...c, epoch: -1 }),
      steps: (c) => ({ ...c, steps: 1.5 }),
      job: (c) => ({ ...c, job: { ...c.job, gridResolution: 'x' } }),
      history: (c) => ({ ...c, history: [{ epoch: 1 }] }),
      bytes: (c) => ({
        ...c,
        weights: c.weights.map((w, i) => (i === 1 ? { ...w, data: new ArrayBuffer(3) } : w)),
      }),
      dtype: (c) => ({
        ...c,
        optimizerWeights: c.optimizerWeights.map((w) => ({ ...w, dtype: 'string' })),
      }),
      shape: (c) => ({ ...c, weights: c.weights.map((w) => ({ ...w, shape: [-4, -6] })) }),
      'data as a view': (c) => ({
        ...c,
        weights: c.weights.map((w) => ({ ...w, data: new Uint8Array(w.data) })),
      }),
    };
    for (const [field, breakIt] of Object.entries(breakages)) {
      const parsed = parseCheckpoint(breakIt(valid));
      expect(parsed.ok, field).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('storage-corrupt');
        expect(parsed.error.message).toMatch(/of run run-1 is damaged/);
      }
    }
  });
});

describe('epochRecordOf', () => {
  it('takes the curve point of an epochEnd event', () => {
    expect(
      epochRecordOf({
        type: 'epochEnd',
        runId: 'run',
        epoch: 4,
        train: { loss: 0.5, accuracy: 0.8 },
        validation: { loss: 0.6, accuracy: 0.7 },
        samplesPerSec: 100,
        numTensors: 12,
      }),
    ).toEqual({
      epoch: 4,
      trainLoss: 0.5,
      trainAccuracy: 0.8,
      validationLoss: 0.6,
      validationAccuracy: 0.7,
    });
    expect(
      epochRecordOf({
        type: 'epochEnd',
        runId: 'run',
        epoch: 1,
        train: { loss: NaN, accuracy: null },
        validation: null,
        samplesPerSec: 0,
        numTensors: 1,
      }),
    ).toEqual({
      epoch: 1,
      trainLoss: NaN,
      trainAccuracy: null,
      validationLoss: null,
      validationAccuracy: null,
    });
  });
});
