import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffledIndices } from '../../data/rng';
import { DEFAULT_CONFIG, type TrainConfig } from '../../train/config';
import { learningRateAt } from '../../train/schedules';
import { NOTEBOOK_ARGS, SCRIPT_ARGS, trainCells, trainPy } from './train-py';
import type { ModelSpec } from '../../model/spec';

const spec: ModelSpec = {
  layers: [
    { type: 'dense', units: 4, activation: 'relu' },
    { type: 'batchNormalization' },
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
};

const rngCell = trainCells(spec, [2]).find((cell) => cell.code.includes('class Sfc32'));

/** Runs Python code after train.py's RNG cell and returns what it prints as JSON. */
function runPython(code: string): unknown {
  const program = `import json, math\nimport numpy as np\n${rngCell?.code ?? ''}\n${code}`;
  const result = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const hasPython = python.status === 0;
if (!hasPython) {
  console.warn(
    "train.py's Python port of the seeded generator was NOT checked: python3 with numpy is " +
      'missing here. scripts/interop checks it with the Keras environment.',
  );
}

describe("train.py's port of the browser's generator and schedule", () => {
  it.skipIf(!hasPython)('derives the same seeds and draws the same numbers', () => {
    const seeds = [0, 1, 7, 0x5eed, 2 ** 32 - 1, 123456789];
    const expected = {
      derived: seeds.map((seed) => [deriveSeed(seed), deriveSeed(seed, 0x5eed, 3)]),
      draws: seeds.map((seed) => {
        const rng = createRng(seed);
        return Array.from({ length: 20 }, () => rng.next());
      }),
      shuffles: seeds.map((seed, i) => Array.from(shuffledIndices(37 * i + 1, createRng(seed)))),
    };
    const actual = runPython(`
seeds = ${JSON.stringify(seeds)}
def draws(seed):
    rng = Sfc32(seed)
    return [rng.next() for _ in range(20)]
print(json.dumps({
    "derived": [[derive_seed(s), derive_seed(s, 0x5EED, 3)] for s in seeds],
    "draws": [draws(s) for s in seeds],
    "shuffles": [shuffled_indices(37 * i + 1, Sfc32(s)).tolist() for i, s in enumerate(seeds)],
}))`);
    expect(actual).toEqual(expected);
  });

  it.skipIf(!hasPython)("orders each epoch's training rows as the session does", () => {
    const train = Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 61);
    const expected = [0, 1, 9].map((epoch) =>
      Array.from(
        shuffledIndices(train.length, createRng(deriveSeed(42, 0x5eed, epoch))),
        (i) => train[i],
      ),
    );
    const actual = runPython(`
train = np.asarray(${JSON.stringify(Array.from(train))})
print(json.dumps([epoch_rows(42, e, train).tolist() for e in (0, 1, 9)]))`);
    expect(actual).toEqual(expected);
  });

  it.skipIf(!hasPython)('gives every schedule the same rate per epoch', () => {
    const configs: Pick<TrainConfig, 'learningRate' | 'epochs' | 'schedule'>[] = [
      { ...DEFAULT_CONFIG, epochs: 7 },
      { learningRate: 0.1, epochs: 30, schedule: { kind: 'step', everyEpochs: 4, factor: 0.3 } },
      { learningRate: 0.1, epochs: 9, schedule: { kind: 'cosine', minLearningRate: 0.001 } },
      { learningRate: 0.1, epochs: 1, schedule: { kind: 'cosine', minLearningRate: 0 } },
    ];
    const epochs = Array.from({ length: 12 }, (_, i) => i);
    const expected = configs.map((c) => epochs.map((e) => learningRateAt(c, e)));
    const actual = runPython(`
configs = ${JSON.stringify(configs)}
print(json.dumps([[learning_rate_at(c, e) for e in range(12)] for c in configs]))`);
    expect(actual).toEqual(expected);
  });

  it.skipIf(!hasPython)(
    'pads batches to the replica count so the real rows keep the mean (weights sum to the size)',
    () => {
      const actual = runPython(`
rows, w = padded_batches(np.arange(10), 4, 3)
print(json.dumps({"rows": rows.tolist(), "w": [round(float(v), 6) for v in w]}))`);
      expect(actual).toEqual({
        // Batches [0..3] -> 6 rows, [4..7] -> 6 rows, [8, 9] -> 3 rows.
        rows: [0, 1, 2, 3, 0, 1, 4, 5, 6, 7, 4, 5, 8, 9, 8],
        w: [1.5, 1.5, 1.5, 1.5, 0, 0, 1.5, 1.5, 1.5, 1.5, 0, 0, 1.5, 1.5, 0],
      });
    },
  );
});

describe("train.py's sequence batches", () => {
  it.skipIf(!hasPython)(
    'weights each row by the batch size over its predicted positions: the token mean',
    () => {
      // Rows predict 3, 1, 0 and 4 positions; batches [0, 1, 2] and [3].
      const actual = runPython(`
rows, w = padded_batches(np.arange(4), 3, 1, np.asarray([3.0, 1.0, 0.0, 4.0]))
print(json.dumps({"rows": rows.tolist(), "w": [round(float(v), 6) for v in w]}))`);
      // Sum over the rows of w * (a row's summed loss) / 3 rows = the summed loss / 4 positions.
      expect(actual).toEqual({ rows: [0, 1, 2, 3], w: [0.75, 0.75, 0.75, 0.25] });
    },
  );
});

describe('train.py', () => {
  const script = trainPy('spiral "demo"', spec, [2]);

  it('is the cells in order, with the command line read from sys.argv', () => {
    const cells = trainCells(spec, [2]);
    for (const cell of cells) expect(script).toContain(`# %% ${cell.title}\n`);
    expect(script).toContain(SCRIPT_ARGS);
    expect(script).not.toContain(NOTEBOOK_ARGS);
    expect(script).toMatch(
      /^#!\/usr\/bin\/env python3\n"""Trains the Gradlab experiment "spiral \\"demo\\""/,
    );
    expect(script.trimEnd().endsWith('sys.exit(main())')).toBe(true);
  });

  it('builds the model per layer with penalties and synchronised batch norm as options', () => {
    expect(script).toContain('INPUT_SHAPE = (2,)\nTOTAL_PARAMS = 38\nHAS_BATCH_NORM = True\n');
    expect(script).toContain(
      '            keras.layers.Dense(units=4, activation="relu", use_bias=True, kernel_regularizer=regularizer, name="dense_0"),\n',
    );
    expect(script).toContain('synchronized=synchronized, name="batchNormalization_1")');
    expect(script).toContain(
      '    "batchNormalization_1": ["gamma", "beta", "moving_mean", "moving_variance"],\n',
    );
  });
});

describe('train.py of a sequence model', () => {
  const sequence: ModelSpec = {
    layers: [
      { type: 'embedding', inputDim: 9, outputDim: 8 },
      { type: 'positionalEmbedding' },
      {
        type: 'residual',
        layers: [
          { type: 'layerNormalization' },
          { type: 'causalSelfAttention', heads: 2, keyDim: 4 },
        ],
      },
      { type: 'dense', units: 9, activation: 'softmax' },
    ],
  };
  const script = trainPy('reverse', sequence, [6]);

  it('builds a functional model with its own positional embedding, attention causal', () => {
    expect(script).toContain('class PositionalEmbedding(keras.layers.Layer):');
    expect(script).toContain('    x = keras.layers.Add(name="residual_2_add")([block, x])\n');
    expect(script).toContain('(x, x, use_causal_mask=True)\n');
    expect(script).toContain('    return keras.Model(inputs, x, name="gradlab_model")\n');
    expect(script).toContain(
      '    "residual_2_1_causalSelfAttention": ["query/kernel", "query/bias", "key/kernel", ' +
        '"key/bias", "value/kernel", "value/bias", "attention_output/kernel", ' +
        '"attention_output/bias"],\n',
    );
  });

  it.skipIf(!hasPython)('is Python that compiles', () => {
    const result = spawnSync(
      'python3',
      ['-c', 'import sys; compile(sys.stdin.read(), "train.py", "exec")'],
      {
        input: script,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
