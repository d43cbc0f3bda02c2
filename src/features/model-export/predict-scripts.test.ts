/**
 * The generated scorers: snapshots of their text, and predict.mjs run as a user runs it (Node,
 * TF.js from node_modules, the files of a real exported ZIP) against the app's own rowEncoder and
 * the model's predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tabularDataset } from '../../core/data/csv/tabular';
import { writeCsv } from '../../core/data/csv/write';
import { rowEncoder } from '../../core/export/encode-row';
import { predictMjs } from '../../core/export/predict-mjs';
import { predictPy } from '../../core/export/predict-py';
import type { Preprocessing } from '../../core/export/preprocessing';
import { storedPreprocessing } from '../../core/export/preprocessing-of';
import { imported, PENGUINS, recordOf, table } from '../../core/export/test-tables';
import { mlpSpec } from '../../core/model/presets';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { modelZip } from './model-zip';

const dir = mkdtempSync(join(tmpdir(), 'gradlab-predict-'));
const penguins = storedPreprocessing(recordOf(imported(PENGUINS)));
let model: tf.LayersModel;

interface PredictModule {
  encodeCsv(p: Preprocessing, text: string): { inputs: Float32Array[]; notes: string[] };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const spec = mlpSpec(3);
  model = buildModel(spec, penguins.inputShape, 5);
  const zip = modelZip({
    exported: await exportLayersModel(model),
    spec,
    inputShape: penguins.inputShape,
    datasetName: 'Penguins',
    preprocessing: penguins,
  });
  for (const [name, bytes] of Object.entries(unzipSync(zip))) writeFileSync(join(dir, name), bytes);
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
});

afterAll(() => {
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]): { stdout: string; lines: unknown[] } {
  const stdout = execFileSync('node', [join(dir, 'predict.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    stdout,
    lines: stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown),
  };
}

describe('predict.py and predict.mjs', () => {
  it('are the scripts the snapshots hold', () => {
    expect(predictPy()).toMatchSnapshot();
    expect(predictMjs()).toMatchSnapshot();
  });
});

describe('predict.mjs, run with Node', () => {
  it('prints class names with probabilities for raw rows, columns in any order, no target', () => {
    const rows = [
      ['3600', 'Dream', '41.0'],
      ['5400', 'Biscoe', ''],
      ['4100', 'Atlantis', 'NA'],
    ];
    writeFileSync(join(dir, 'rows.csv'), writeCsv(['mass_g', 'island', 'bill_mm'], rows));
    const encode = rowEncoder(penguins.kind === 'tabular' ? penguins : (undefined as never), [
      'mass_g',
      'island',
      'bill_mm',
    ]);
    if (!encode.ok) throw encode.error;
    const x = tf.tensor2d(rows.map((row) => [...encode.value.encode(row).x]));
    const expected = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    tf.dispose(x);

    const raw = run('--json', 'rows.csv').lines as number[][];
    raw.forEach((output, i) =>
      output.forEach((p, j) => expect(Math.abs(p - expected[i]![j]!)).toBeLessThan(1e-6)),
    );
    const described = run('rows.csv').lines;
    described.forEach((line, i) => {
      const output = expected[i]!;
      const best = output.indexOf(Math.max(...output));
      expect(line).toMatchObject({ row: i + 1, class: penguins.classNames[best] });
      const probabilities = (line as { probabilities: Record<string, number> }).probabilities;
      expect(Object.keys(probabilities).sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
      expect(probabilities[penguins.classNames[best]!]).toBeCloseTo(output[best]!, 6);
    });
  });

  it('encodes any table as the import encoded it (its own copy of the rules)', async () => {
    const script = (await import(pathToFileURL(join(dir, 'predict.mjs')).href)) as PredictModule;
    const cell = fc.oneof(
      fc.constantFrom('', 'NA', 'nan', ' null ', '1e999', 'x', 'y y', '"q"', 'a,b'),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
      fc.integer({ min: -5, max: 5 }).map(String),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((width) =>
          fc.array(fc.tuple(fc.array(cell, { minLength: width - 1, maxLength: width - 1 })), {
            minLength: 2,
            maxLength: 12,
          }),
        ),
        async (data) => {
          const width = data[0]![0].length + 1;
          const header = [...Array.from({ length: width - 1 }, (_, i) => `c${i}`), 'label'];
          const rows = data.map(([cells], i) => [...cells, i % 2 ? 'a' : 'b']);
          const made = tabularDataset(table(header, rows), { target: width - 1, name: 't' });
          if (!made.ok) return; // no column left to learn from: nothing to encode
          const result = made.value;
          const p = storedPreprocessing(recordOf(result));
          const { inputs } = script.encodeCsv(p, writeCsv(header, rows));
          const w = result.packed.header.featureNames.length;
          inputs.forEach((x, i) => expect(x).toEqual(result.packed.x.subarray(i * w, (i + 1) * w)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
