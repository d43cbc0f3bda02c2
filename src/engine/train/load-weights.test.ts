import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LoadableWeightSpec } from '../../core/protocol';
import { createController } from './controller';
import { Recorder, testJob } from './test-helpers';
import { CPU_READY } from '../../core/test-events';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function setUp() {
  const recorder = new Recorder();
  const controller = createController(recorder.emit, async () => CPU_READY);
  return { recorder, controller };
}

const INPUTS = [new Float32Array([0.2, -0.4]), new Float32Array([-1, 1]), new Float32Array([3, 0])];

async function predictions(setup: ReturnType<typeof setUp>, firstId: number) {
  const outputs: number[][] = [];
  for (const [i, input] of INPUTS.entries()) {
    const answer = setup.recorder.next(
      (e) => e.type === 'onePrediction' && e.requestId === firstId + i,
    );
    await setup.controller.handle({
      type: 'predictOne',
      requestId: firstId + i,
      input: input.slice(),
    });
    outputs.push(Array.from(((await answer) as { output: Float32Array }).output));
  }
  return outputs;
}

/** A trained model's weights as the share feature makes them: the worker's export. */
async function trainedWeights() {
  const trainer = setUp();
  const job = testJob({ epochs: 5 });
  await trainer.controller.handle({ type: 'start', runId: 'run-49', job });
  await trainer.recorder.next((e) => e.type === 'done');
  await trainer.controller.handle({ type: 'export', requestId: 1 });
  const exported = trainer.recorder.of('exported')[0]!;
  const manifest = JSON.parse(exported.modelJson) as {
    weightsManifest: { weights: LoadableWeightSpec[] }[];
  };
  const specs = manifest.weightsManifest.flatMap((group) => group.weights);
  return { job, trainer, specs, data: exported.weights };
}

describe('loadWeights', () => {
  test('a fresh session with the same spec predicts exactly what the trained one does', async () => {
    const { job, trainer, specs, data } = await trainedWeights();
    const expected = await predictions(trainer, 10);

    const fresh = setUp();
    await fresh.controller.handle({ type: 'reset', job });
    const untrained = await predictions(fresh, 10);
    expect(untrained).not.toEqual(expected);

    const prediction = fresh.recorder.next((e) => e.type === 'prediction');
    await fresh.controller.handle({
      type: 'loadWeights',
      requestId: 7,
      weightSpecs: specs,
      data: data.slice(0),
    });
    expect(fresh.recorder.of('weightsLoaded')).toEqual([{ type: 'weightsLoaded', requestId: 7 }]);
    await prediction;
    expect(await predictions(fresh, 20)).toEqual(expected);
  });

  test("the views of loaded weights (the confusion matrix, the examples) are the trained model's", async () => {
    const { job, trainer, specs, data } = await trainedWeights();
    const trained = trainer.recorder.of('insights').at(-1);
    expect(trained?.insights.confusion).not.toBeNull();

    const fresh = setUp();
    await fresh.controller.handle({ type: 'reset', job });
    const insights = fresh.recorder.next((e) => e.type === 'insights');
    await fresh.controller.handle({ type: 'loadWeights', requestId: 8, weightSpecs: specs, data });
    const shown = await insights;
    if (shown.type !== 'insights') throw new Error('no insights');
    expect(shown.insights.confusion).toEqual(trained?.insights.confusion);
    expect(shown.insights.examples).toEqual(trained?.insights.examples);
  });

  test('weights of another shape or length are refused and change nothing', async () => {
    const { job, specs, data } = await trainedWeights();
    const fresh = setUp();
    await fresh.controller.handle({ type: 'reset', job });
    const before = await predictions(fresh, 10);
    const tensors = tf.memory().numTensors;

    const swapped: LoadableWeightSpec[] = specs.map((s, i) =>
      i === 0 ? { ...s, shape: [...s.shape].reverse() } : s,
    );
    const cases: [LoadableWeightSpec[], ArrayBuffer][] = [
      [swapped, data.slice(0)],
      [specs, data.slice(0, data.byteLength - 4)],
      [specs.slice(1), data.slice(0)],
    ];
    for (const [i, [weightSpecs, bytes]] of cases.entries()) {
      await fresh.controller.handle({
        type: 'loadWeights',
        requestId: i,
        weightSpecs,
        data: bytes,
      });
    }
    const errors = fresh.recorder.of('error');
    expect(errors.map((e) => [e.requestId, e.error.code])).toEqual([
      [0, 'weights-mismatch'],
      [1, 'weights-mismatch'],
      [2, 'weights-mismatch'],
    ]);
    expect(errors[0]!.error.message).toBe(
      'The weights in this bundle do not fit its model: layer 1 (dense_0) expects float32 [2, 8] ' +
        'for its kernel, the bundle has float32 [8, 2]. Open the experiment without its weights ' +
        'and train it again.',
    );
    expect(errors[1]!.error.message).toMatch(/describe \d+ bytes, the bundle has \d+/);
    expect(errors[2]!.error.message).toMatch(/the model has 4 weight tensors, the bundle has 3/);
    expect(fresh.recorder.of('weightsLoaded')).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await predictions(fresh, 20)).toEqual(before);
  });

  test('weights holding NaN or infinity are refused, naming the layer, and change nothing', async () => {
    const { job, specs, data } = await trainedWeights();
    const fresh = setUp();
    await fresh.controller.handle({ type: 'reset', job });
    const before = await predictions(fresh, 10);

    const damaged = new Float32Array(data.slice(0));
    // The second layer's kernel (after dense_0's [2, 8] kernel and [8] bias): 3 values.
    damaged[2 * 8 + 8] = NaN;
    damaged[2 * 8 + 8 + 5] = Infinity;
    damaged[2 * 8 + 8 + 9] = -Infinity;
    await fresh.controller.handle({
      type: 'loadWeights',
      requestId: 4,
      weightSpecs: specs,
      data: damaged.buffer,
    });
    const [error] = fresh.recorder.of('error');
    expect(error?.requestId).toBe(4);
    expect(error?.error.code).toBe('weights-not-finite');
    expect(error?.error.message).toMatch(
      /^The weights of layer dense_1 \(kernel\) hold 3 values that are not numbers \(NaN or infinite\): these weights are damaged and were not loaded/,
    );
    expect(fresh.recorder.of('weightsLoaded')).toEqual([]);
    expect(await predictions(fresh, 20)).toEqual(before);
  });

  test('before there is a model, loading is refused with the request id', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({
      type: 'loadWeights',
      requestId: 3,
      weightSpecs: [],
      data: new ArrayBuffer(0),
    });
    expect(recorder.of('error')[0]).toMatchObject({
      requestId: 3,
      error: { code: 'invalid-state' },
    });
  });
});
