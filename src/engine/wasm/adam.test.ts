import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRng } from '../../core/data/rng';
import { createOptimizer } from '../train/optimizers';
import { registerWasmKernels } from './register';

beforeAll(async () => {
  // As the app does: its Identity shares data, so a clone holds the variable's.
  registerWasmKernels();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPES = [[5, 5, 1, 6], [6], [37, 3], [1]];

function gradientsAt(step: number, names: string[]): tf.NamedTensorMap {
  const rng = createRng(100 + step);
  return Object.fromEntries(
    names.map((name, k) => {
      const shape = SHAPES[k] as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      // Some large, some tiny and some zero, as real gradients are.
      const values = Float32Array.from({ length: size }, (_, i) =>
        i % 7 === 0 ? 0 : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 6 - 4),
      );
      return [name, tf.tensor(values, shape)];
    }),
  );
}

/** Trains fresh variables for `steps` with `optimizer`; gives their values and its weights. */
async function train(optimizer: tf.Optimizer, steps: number, holdClone: boolean) {
  const variables = SHAPES.map((shape, k) =>
    tf.variable(tf.randomNormal(shape, 0, 1, 'float32', k + 1)),
  );
  const names = variables.map((v) => v.name);
  const dataIds: tf.DataId[][] = [];
  for (let step = 0; step < steps; step++) {
    const gradients = gradientsAt(step, names);
    const held = holdClone ? variables.map((v) => tf.clone(v)) : [];
    const before = held.map((t) => Array.from(t.dataSync()));
    dataIds.push(variables.map((v) => v.dataId));
    optimizer.applyGradients(gradients);
    // What held the old data still has it.
    expect(held.map((t) => Array.from(t.dataSync()))).toEqual(before);
    tf.dispose([...Object.values(gradients), ...held]);
  }
  const values = variables.map((v) => Array.from(v.dataSync()));
  const weights = await optimizer.getWeights();
  const state = weights.map((w) => [w.name.replace(/_\d+/g, ''), Array.from(w.tensor.dataSync())]);
  // The first step is TF.js's, which makes the moments; the data of later steps stays put.
  const [, second] = dataIds;
  const inPlace = dataIds.slice(2).every((ids) => ids.every((id, k) => id === second?.[k]));
  tf.dispose(variables);
  optimizer.dispose();
  return { values, state, inPlace };
}

test("Gradlab's Adam on wasm steps in place and gives TF.js's Adam to the bit", async () => {
  const reference = await train(tf.train.adam(0.01), 12, false);
  const ours = await train(createOptimizer('adam', 0.01), 12, false);
  expect(reference.inPlace).toBe(false);
  expect(ours.inPlace).toBe(true);
  expect(ours.values).toEqual(reference.values);
  expect(ours.state.map(([, v]) => v)).toEqual(reference.state.map(([, v]) => v));
});

test('a variable whose data something else holds gets fresh memory, and the holder keeps its values', async () => {
  const reference = await train(tf.train.adam(0.01), 6, true);
  const ours = await train(createOptimizer('adam', 0.01), 6, true);
  expect(ours.inPlace).toBe(false);
  expect(ours.values).toEqual(reference.values);
});

test('a learning rate changed between steps (a schedule) is used by the next step', async () => {
  const optimizer = createOptimizer('adam', 0.01);
  const variable = tf.variable(tf.ones([4]));
  const step = () => {
    const gradient = tf.fill([4], 0.5);
    optimizer.applyGradients({ [variable.name]: gradient });
    gradient.dispose();
  };
  step();
  step();
  const before = variable.dataSync()[0] as number;
  optimizer.setLearningRate(0);
  step();
  expect(variable.dataSync()[0]).toBe(before);
  variable.dispose();
  optimizer.dispose();
});
