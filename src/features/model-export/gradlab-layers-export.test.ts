/**
 * A model with the Gradlab layers, exported as the app exports it, loaded outside Gradlab: a
 * separate Node process with TF.js from node_modules and nothing of the app but the ZIP's files
 * runs predict.mjs, which registers the layers from gradlab-layers.mjs before
 * tf.loadLayersModel. Its predictions must be the app's; without the registration the load fails.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPreprocessing } from '../../core/export/preprocessing-of';
import type { ModelSpec } from '../../core/model/spec';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { modelZip } from './model-zip';

const LENGTH = 8;
const VOCAB = ['', '?', '|', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];

/** Every layer a sequence model can hold that reaches a per-position output. */
const SPEC: ModelSpec = {
  layers: [
    { type: 'embedding', inputDim: VOCAB.length, outputDim: 8 },
    { type: 'positionalEmbedding' },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'causalSelfAttention', heads: 2, keyDim: 4 },
      ],
    },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 8, activation: 'linear' },
      ],
    },
    { type: 'conv1d', filters: 8, kernelSize: 3, padding: 'same', activation: 'tanh' },
    { type: 'simpleRNN', units: 6, returnSequences: true },
    { type: 'gru', units: 6, returnSequences: true },
    { type: 'lstm', units: 6, returnSequences: true },
    { type: 'layerNormalization' },
    { type: 'dense', units: VOCAB.length, activation: 'softmax' },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'gradlab-layers-'));
const tokens: number[][] = [
  [2, 3, 4, 5, 6, 7, 8, 9],
  [2, 11, 10, 9, 0, 0, 0, 0],
  [2, 1, 3, 3, 3, 2, 0, 0],
];
let expected: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = buildModel(SPEC, [LENGTH], 21);
  // Weights moved off their initial values (zero biases, unit gammas), so every one counts.
  const moved = model
    .getWeights()
    .map((w, i) =>
      tf.tidy(() => tf.add(w, tf.randomUniform(w.shape, -0.2, 0.2, 'float32', 100 + i))),
    );
  model.setWeights(moved);
  tf.dispose(moved);
  expected = tf.tidy(() =>
    (model.predict(tf.tensor2d(tokens, undefined, 'float32')) as tf.Tensor).dataSync(),
  ) as Float32Array;
  const zip = modelZip({
    exported: await exportLayersModel(model),
    spec: SPEC,
    inputShape: [LENGTH],
    datasetName: 'Letters',
    preprocessing: textPreprocessing(
      { task: 'sequence', inputShape: [LENGTH], classNames: [] },
      { kind: 'char', vocab: VOCAB },
    ),
  });
  model.dispose();
  for (const [name, bytes] of Object.entries(unzipSync(zip))) writeFileSync(join(dir, name), bytes);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'tokens.json'), JSON.stringify(tokens));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the Gradlab layers outside Gradlab', () => {
  it('loads with gradlab-layers.mjs and predicts what the app predicts', () => {
    const stdout = execFileSync('node', [join(dir, 'predict.mjs'), '--json', 'tokens.json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const rows = stdout
      .split('\n')
      .filter((line) => line.startsWith('['))
      .map((line) => JSON.parse(line) as number[]);
    expect(rows).toHaveLength(tokens.length);
    const actual = rows.flat();
    expect(actual).toHaveLength(expected.length);
    const worst = Math.max(...actual.map((value, i) => Math.abs(value - (expected[i] ?? NaN))));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('names the next token after the last one given', () => {
    const stdout = execFileSync('node', [join(dir, 'predict.mjs'), 'tokens.json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const second = JSON.parse(stdout.split('\n')[1] ?? '') as { position: number; next: string };
    expect(second.position).toBe(4);
    const row = Array.from(
      expected.subarray((LENGTH + 3) * VOCAB.length, (LENGTH + 4) * VOCAB.length),
    );
    expect(second.next).toBe(VOCAB[row.indexOf(Math.max(...row))]);
  });

  it('cannot be loaded by TF.js without the registration', () => {
    const script = `import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
const json = JSON.parse(readFileSync('model.json', 'utf8'));
await tf.setBackend('cpu');
await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: json.modelTopology,
  weightSpecs: json.weightsManifest[0].weights,
  weightData: new Uint8Array(readFileSync('weights.bin')).buffer,
}));`;
    writeFileSync(join(dir, 'bare-load.mjs'), script);
    const run = spawnSync('node', ['bare-load.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/GradlabCausalSelfAttention|GradlabPositionalEmbedding/);
  });
});
