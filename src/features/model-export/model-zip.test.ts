import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputShapeFromZip, predictFromZip } from '../../../e2e/load-exported.mjs';
import { InvalidSpecError } from '../../core/errors';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { lenetSpec, mlpSpec } from '../../core/model/presets';
import { modelZip, zipFileName } from './model-zip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('modelZip', () => {
  it('holds the TF.js files, the Keras script and a README', async () => {
    const spec = mlpSpec(3);
    const model = buildModel(spec, [4], 1);
    const exported = await exportLayersModel(model);
    const files = unzipSync(modelZip({ exported, spec, inputShape: [4], datasetName: 'Iris' }));

    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'model.json',
      'rebuild_model.py',
      'weights.bin',
    ]);
    expect(new TextDecoder().decode(files['model.json'])).toBe(exported.modelJson);
    expect(files['weights.bin']).toEqual(new Uint8Array(exported.weights));
    const script = new TextDecoder().decode(files['rebuild_model.py']);
    expect(script).toContain('INPUT_SHAPE = (4,)');
    expect(script).toContain('name="dense_2"');
    expect(new TextDecoder().decode(files['README.txt'])).toContain('"Iris"');
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
      modelZip({ exported, spec: lenetSpec(2), inputShape: [2], datasetName: 'x' });
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
