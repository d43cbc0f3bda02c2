import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputShapeFromZip, predictFromZip } from '../../../e2e/load-exported.mjs';
import { InvalidSpecError } from '../../core/errors';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { lenetSpec, mlpSpec } from '../../core/model/presets';
import { isRecord } from '../../core/is-record';
import { modelMetadata } from '../../core/export/model-files';
import { pointsPreprocessing, storedPreprocessing } from '../../core/export/preprocessing-of';
import type { Preprocessing } from '../../core/export/preprocessing';
import { imported, PENGUINS, recordOf } from '../../core/export/test-tables';
import { exportMatches } from './export-matches';
import { modelZip, zipFileName } from './model-zip';

const penguins = storedPreprocessing(recordOf(imported(PENGUINS)));
const digits: Preprocessing = {
  format: 1,
  kind: 'image',
  task: 'classification',
  inputShape: [28, 28, 1],
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  targetName: null,
  height: 28,
  width: 28,
  channels: 1,
  scale: 255,
};
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('modelZip', () => {
  it('holds the TF.js files, the Keras script, the preprocessing, the scorers and a README', async () => {
    const spec = mlpSpec(3);
    const inputShape = penguins.inputShape;
    const model = buildModel(spec, inputShape, 1);
    const exported = await exportLayersModel(model);
    const files = unzipSync(
      modelZip({ exported, spec, inputShape, datasetName: 'Penguins', preprocessing: penguins }),
    );

    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'gradlab-layers.mjs',
      'model.json',
      'predict.mjs',
      'predict.py',
      'preprocessing.json',
      'rebuild_model.py',
      'weights.bin',
    ]);
    expect(files['weights.bin']).toEqual(new Uint8Array(exported.weights));
    expect(JSON.parse(text(files['preprocessing.json']))).toEqual(penguins);
    const script = text(files['rebuild_model.py']);
    expect(script).toContain(`INPUT_SHAPE = (${inputShape[0]},)`);
    expect(script).toContain('name="dense_2"');
    const readme = text(files['README.txt']);
    expect(readme).toContain('"Penguins"');
    expect(readme).toContain('in this order: Adelie, Chinstrap, Gentoo.');
    expect(readme).toContain('python predict.py rows.csv');
    expect(readme).toContain('node predict.mjs rows.csv');
    expect(text(files['predict.py'])).toContain('import rebuild_model');
    model.dispose();
  });

  it("names classes, input and preprocessing in model.json's userDefinedMetadata, which TF.js loads", async () => {
    const spec = mlpSpec(3);
    const inputShape = penguins.inputShape;
    const model = buildModel(spec, inputShape, 1);
    const exported = await exportLayersModel(model);
    const files = unzipSync(
      modelZip({ exported, spec, inputShape, datasetName: 'Penguins', preprocessing: penguins }),
    );
    const modelJson = text(files['model.json']);
    const { userDefinedMetadata, ...rest } = JSON.parse(modelJson) as Record<string, unknown>;
    expect(rest).toEqual(JSON.parse(exported.modelJson));
    const expected = modelMetadata(penguins, 'Penguins');
    expect(userDefinedMetadata).toEqual({ gradlab: expected });
    expect(expected).toMatchObject({
      classNames: ['Adelie', 'Chinstrap', 'Gentoo'],
      inputShape,
      task: 'classification',
      targetName: 'species',
      datasetName: 'Penguins',
    });
    expect(exportMatches(modelJson, spec, inputShape).ok).toBe(true);

    // As tf.loadLayersModel reads a model.json over HTTP, with the weights beside it.
    const loaded = await tf.loadLayersModel({
      load: () =>
        tf.io.getModelArtifactsForJSON(JSON.parse(modelJson) as tf.io.ModelJSON, async (groups) => [
          groups.flatMap((group) => group.weights),
          files['weights.bin']!.slice().buffer,
        ]),
    });
    const metadata = loaded.getUserDefinedMetadata();
    expect(isRecord(metadata) ? metadata.gradlab : undefined).toEqual(expected);
    const x = tf.randomNormal([5, ...inputShape], 0, 1, 'float32', 7);
    const want = (model.predict(x) as tf.Tensor).arraySync();
    expect((loaded.predict(x) as tf.Tensor).arraySync()).toEqual(want);
    tf.dispose(x);
    loaded.dispose();
    model.dispose();
  });

  it('describes generated points and a regression target in the README', async () => {
    const preprocessing = pointsPreprocessing({
      kind: 'builtin',
      generator: 'sine',
      params: { size: 100, noise: 0.1 },
      seed: 1,
    });
    const spec = mlpSpec(1);
    const model = buildModel(spec, [1], 1);
    const files = unzipSync(
      modelZip({
        exported: await exportLayersModel(model),
        spec,
        inputShape: [1],
        datasetName: 'Noisy sine',
        preprocessing,
      }),
    );
    const readme = text(files['README.txt']);
    expect(readme).toContain('Output: one predicted value of y.');
    expect(readme).toContain('The points (x) are fed as they are.');
    model.dispose();
  });

  it('loads in Node with TF.js and predicts as the model does (the e2e helper)', async () => {
    const spec = lenetSpec(10);
    const inputShape = [28, 28, 1];
    const model = buildModel(spec, inputShape, 2);
    const zip = modelZip({
      exported: await exportLayersModel(model),
      spec,
      inputShape,
      datasetName: 'MNIST-10k',
      preprocessing: digits,
    });
    const x = tf.randomUniform([10, ...inputShape], 0, 1, 'float32', 4);
    const rows = x.reshape([10, -1]).arraySync() as number[][];
    const expected = (model.predict(x) as tf.Tensor).arraySync() as number[][];

    expect(inputShapeFromZip(zip)).toEqual(inputShape);
    const actual = await predictFromZip(zip, rows, inputShape);
    expect(actual).toHaveLength(10);
    actual.forEach((row, i) =>
      row.forEach((value, j) => expect(Math.abs(value - expected[i]![j]!)).toBeLessThan(1e-5)),
    );
    await expect(predictFromZip(zip, [[1, 2, 3]], inputShape)).rejects.toThrow(/784/);
    x.dispose();
    model.dispose();
  });

  it('refuses a spec that does not fit the input, naming it', async () => {
    const model = buildModel(mlpSpec(2), [2], 1);
    const exported = await exportLayersModel(model);
    const build = () =>
      modelZip({
        exported,
        spec: lenetSpec(2),
        inputShape: [2],
        datasetName: 'x',
        preprocessing: { ...digits, inputShape: [2] },
      });
    expect(build).toThrow(InvalidSpecError);
    model.dispose();
  });
});

describe('zipFileName', () => {
  it('is <dataset name>-model.zip', () => {
    expect(zipFileName('MNIST-10k')).toBe('MNIST-10k-model.zip');
    expect(zipFileName('Two spirals')).toBe('Two spirals-model.zip');
    expect(zipFileName('a/b:c')).toBe('a-b-c-model.zip');
    expect(zipFileName('  ')).toBe('gradlab-model.zip');
  });

  it('never holds a character file systems refuse', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const file = zipFileName(name);
        expect(file).toMatch(/-model\.zip$/);
        expect(file).not.toMatch(/[/\\:*?"<>|]/);
        expect([...file].every((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f')).toBe(true);
        expect(file.startsWith('.')).toBe(false);
        expect(file.length).toBeLessThanOrEqual(110);
      }),
    );
  });
});
