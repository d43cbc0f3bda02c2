import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createRng } from '../../core/data/rng';
import { ADAM_STEP } from '../adam-update';
import { registerCpuKernels } from '../cpu/register';
import { Adam } from './adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerCpuKernels();
});

const SHAPES = [[3, 5], [7], [2, 3, 4], [1]];

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rng.next() * 4 - 2),
    shape,
  );
}

/**
 * Steps `optimizer` on fresh weights with the same gradients each time (seeded), changing the
 * rate on the way; returns every weight and slot after the last step, and the powers.
 */
let names = 0;

function variable(shape: number[], seed: number): tf.Variable {
  const initial = random(shape, seed);
  const made = tf.variable(initial, true, `adam_test_${names++}`);
  initial.dispose();
  return made;
}

/** Tensors held after the first step and after the last. */
let held: number[] = [];

function train(optimizer: tf.Optimizer & { setLearningRate(rate: number): void }): number[][] {
  const weights = SHAPES.map((shape, i) => variable(shape, 100 + i));
  const rates = [0.01, 0.01, 0.3, 0.3, 0.001, 0.05];
  held = [];
  rates.forEach((rate, step) => {
    optimizer.setLearningRate(rate);
    const gradients = weights.map((w, i) => ({
      name: w.name,
      tensor: tf.tidy(() => random(w.shape, 1000 * step + i).mul(step % 2 === 0 ? 1 : 1e-3)),
    }));
    optimizer.applyGradients(gradients);
    tf.dispose(gradients.map((g) => g.tensor));
    if (step === 0 || step === rates.length - 1) held.push(tf.memory().numTensors);
  });
  const read = (t: tf.Tensor) => Array.from(t.dataSync());
  const out = weights.map(read);
  tf.dispose(weights);
  return out;
}

async function trainAndSlots(optimizer: tf.Optimizer & { setLearningRate(rate: number): void }) {
  const weights = train(optimizer);
  const saved = await optimizer.getWeights();
  const slots = saved.map(({ name, tensor }) => ({
    name: name.replace(/adam_test_\d+/, 'w'),
    values: Array.from(tensor.dataSync()),
  }));
  saved[0]?.tensor.dispose(); // the iterations, made for the call
  optimizer.dispose();
  return { weights, slots };
}

/** TF.js's own Adam, with the rate settable as the session sets it. */
class TfjsAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

/** Runs `body` with the fused kernel unregistered on the cpu backend. */
async function withoutFusedKernel<T>(body: () => Promise<T>): Promise<T> {
  const config = tf.getKernel(ADAM_STEP, 'cpu');
  if (config) tf.unregisterKernel(ADAM_STEP, 'cpu');
  try {
    return await body();
  } finally {
    if (config) tf.registerKernel(config);
  }
}

afterEach(() => {
  expect(tf.getKernel(ADAM_STEP, 'cpu')).toBeDefined();
});

describe('Adam', () => {
  test('with the fused kernel: TF.js’s Adam to the bit, weights and both slots', async () => {
    const ours = await trainAndSlots(new Adam(0.01));
    const [afterFirst, afterLast] = held;
    expect(afterLast).toBe(afterFirst);
    const reference = await trainAndSlots(new TfjsAdam(0.01, 0.9, 0.999));
    expect(ours).toEqual(reference);
  });

  test('without it (WebGL, WebGPU): TF.js’s own ops, the same numbers to the bit', async () => {
    const ours = await withoutFusedKernel(() => trainAndSlots(new Adam(0.01)));
    const reference = await trainAndSlots(new TfjsAdam(0.01, 0.9, 0.999));
    expect(ours).toEqual(reference);
  });

  test('steps each weight with one kernel where the backend has the fused one, fourteen without', async () => {
    const secondStep = async () => {
      const optimizer = new Adam(0.1);
      const weights = SHAPES.map((shape, i) => variable(shape, i));
      const step = () =>
        tf.tidy(() =>
          optimizer.applyGradients(weights.map((w) => ({ name: w.name, tensor: tf.onesLike(w) }))),
        );
      step();
      const profile = await tf.profile(step);
      optimizer.dispose();
      tf.dispose(weights);
      return profile.kernels.map((k) => k.name).filter((name) => name !== 'OnesLike');
    };
    // Besides the weights' steps, the powers' two products (and 1 - beta^t twice without it).
    expect(await secondStep()).toEqual([...SHAPES.map(() => ADAM_STEP), 'Multiply', 'Multiply']);
    const unfused = await withoutFusedKernel(secondStep);
    expect(unfused).not.toContain(ADAM_STEP);
    expect(unfused.length).toBe(2 + 14 * SHAPES.length + 2);
  });

  test('a restored optimizer steps on as the one it was saved from', async () => {
    const weight = () => variable([6], 7);
    const gradient = (step: number) => random([6], 50 + step);
    const stepOnce = (optimizer: Adam, w: tf.Variable, step: number) => {
      const g = gradient(step);
      optimizer.applyGradients([{ name: w.name, tensor: g }]);
      g.dispose();
    };

    const straight = new Adam(0.05);
    const w1 = weight();
    for (let s = 0; s < 4; s++) stepOnce(straight, w1, s);

    const first = new Adam(0.05);
    const w2 = weight();
    for (let s = 0; s < 2; s++) stepOnce(first, w2, s);
    const saved = (await first.getWeights()).map(({ name, tensor }) => ({
      name,
      tensor: tensor.clone(),
    }));
    const powers = [first.beta1Power.dataSync()[0], first.beta2Power.dataSync()[0]];
    first.dispose();
    const second = new Adam(0.05);
    await second.setWeights(saved);
    tf.dispose(saved.map((s) => s.tensor));
    expect(second.iterations).toBe(2);
    second.beta1Power.assign(tf.scalar(powers[0] ?? Number.NaN));
    second.beta2Power.assign(tf.scalar(powers[1] ?? Number.NaN));
    for (let s = 2; s < 4; s++) stepOnce(second, w2, s);

    expect(Array.from(w2.dataSync())).toEqual(Array.from(w1.dataSync()));
    straight.dispose();
    second.dispose();
    tf.dispose([w1, w2]);
  });

  test('the fused kernel refuses a gradient of another shape than its weight, and says so', () => {
    const [w, m, v, g] = [tf.ones([3]), tf.zeros([3]), tf.zeros([3]), tf.ones([2])];
    const [p1, p2] = [tf.scalar(0.9), tf.scalar(0.999)];
    const inputs = {
      value: w,
      firstMoment: m,
      secondMoment: v,
      gradient: g,
      beta1Power: p1,
      beta2Power: p2,
    };
    const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 0.1 };
    expect(() => tf.engine().runKernel(ADAM_STEP, inputs, attrs)).toThrow(
      `${ADAM_STEP}: a gradient of shape [2] for a weight of [3]`,
    );
    expect(() => tf.engine().runKernel(ADAM_STEP, inputs, { beta1: 0.9 })).toThrow(
      `${ADAM_STEP}: a gradient of shape [2]`,
    );
    const fine = { ...inputs, gradient: tf.ones([3]) };
    expect(() => tf.engine().runKernel(ADAM_STEP, fine, { beta1: 0.9 })).toThrow(
      `${ADAM_STEP}: an attribute is missing`,
    );
    tf.dispose([w, m, v, g, p1, p2, fine.gradient]);
  });

  test('a gradient for something that is not a variable is refused with its name', () => {
    const optimizer = new Adam(0.1);
    const g = tf.ones([2]);
    expect(() => optimizer.applyGradients([{ name: 'no_such_weight', tensor: g }])).toThrow(
      'Adam was given a gradient for "no_such_weight", not a variable',
    );
    g.dispose();
    optimizer.dispose();
  });
});
