/**
 * What check_predict.py compares predict.py and rebuild_model.py with: for an exported model
 * folder (the files of Gradlab's model ZIP) and raw inputs (one CSV of rows, or PNG images at the
 * model's size), the inputs preprocessed by the app's own rules (rowEncoder; the image import's
 * pixel rules) and TF.js's predictions for them (cpu backend), in `<folder>/expected.json`.
 *
 *   npx tsx scripts/interop/predict-fixtures.ts expected <model folder> <rows.csv | a.png ...>
 *   npx tsx scripts/interop/predict-fixtures.ts demo <dir>
 *
 * `demo` writes five such folders (Iris and a regression table with categories, each trained
 * briefly in Node, with raw rows; spiral points; a small CNN on gray PNGs, an RGB one on PNGs with transparent
 * pixels) to try and check the scripts without
 * the app. Inputs are copied into `<folder>/inputs/`, so a folder is complete by itself.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import { readCsv } from '../../src/core/data/csv/import-csv';
import { tabularDataset } from '../../src/core/data/csv/tabular';
import { createRng } from '../../src/core/data/rng';
import { rowEncoder } from '../../src/core/export/encode-row';
import type { Preprocessing } from '../../src/core/export/preprocessing';
import { PreprocessingSchema } from '../../src/core/export/preprocessing-schema';
import { pointsPreprocessing, storedPreprocessing } from '../../src/core/export/preprocessing-of';
import { recordOf } from '../../src/core/export/test-tables';
import type { ModelSpec } from '../../src/core/model/spec';
import { MODEL_JSON_FILE } from '../../src/core/model/tfjs-format';
import { buildModel } from '../../src/engine/model/build';
import { exportLayersModel } from '../../src/engine/model/export-tfjs';
import { modelZip } from '../../src/features/model-export/model-zip';
import { irisCsv } from '../datasets/iris';
import { regressionCsv } from '../datasets/tables';
import { encodePng } from '../lib/png';
import { decodePng } from '../lib/png-decode';

export const EXPECTED_FILE = 'expected.json';

export interface ExpectedPredictions {
  /** Paths relative to the folder, as predict.py takes them. */
  inputs: string[];
  /** One flat preprocessed example per row or image. */
  features: number[][];
  /** TF.js's outputs, one array per example. */
  outputs: number[][];
}

/** The model ZIP's files, unpacked into `folder`. */
export async function writeModelFolder(
  folder: string,
  model: tf.LayersModel,
  spec: ModelSpec,
  preprocessing: Preprocessing,
  datasetName: string,
): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const zip = modelZip({
    exported: await exportLayersModel(model),
    spec,
    inputShape: preprocessing.inputShape,
    datasetName,
    preprocessing,
  });
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    writeFileSync(join(folder, name), bytes);
  }
}

/** Copies the inputs into the folder, preprocesses them, predicts with TF.js and writes expected.json. */
export async function writeExpected(
  folder: string,
  inputFiles: readonly string[],
): Promise<ExpectedPredictions> {
  const preprocessing = v.parse(
    PreprocessingSchema,
    JSON.parse(readFileSync(join(folder, 'preprocessing.json'), 'utf8')),
  );
  mkdirSync(join(folder, 'inputs'), { recursive: true });
  const inputs = inputFiles.map((file) => {
    const inside = join('inputs', basename(file));
    if (resolve(file) !== resolve(folder, inside)) copyFileSync(file, join(folder, inside));
    return inside;
  });
  const features = preprocess(
    preprocessing,
    inputs.map((file) => join(folder, file)),
  );
  const outputs = await predictFolder(folder, preprocessing.inputShape, features);
  const expected = { inputs, features, outputs };
  writeFileSync(join(folder, EXPECTED_FILE), `${JSON.stringify(expected)}\n`);
  return expected;
}

function preprocess(preprocessing: Preprocessing, files: readonly string[]): number[][] {
  if (preprocessing.kind === 'image')
    return files.map((file) => imageFeatures(preprocessing, file));
  const [file] = files;
  if (preprocessing.kind === 'text') {
    // Token ids are fed as they are: a JSON array of examples, as predict.py takes them.
    if (file === undefined || files.length !== 1) throw new Error('Give one JSON file of ids.');
    return JSON.parse(readFileSync(file, 'utf8')) as number[][];
  }
  if (file === undefined || files.length !== 1) throw new Error('Give one CSV file of rows.');
  const table = readCsv(new Uint8Array(readFileSync(file)), { header: 'present' });
  if (!table.ok) throw table.error;
  const encoder = rowEncoder(preprocessing, table.value.header);
  if (!encoder.ok) throw encoder.error;
  return table.value.rows.map((row) => Array.from(encoder.value.encode(row).x));
}

/**
 * A PNG at the model's size read as the image import reads pixels: a transparent pixel black (the
 * canvas holds premultiplied colour), gray as rounded luma, then divided by the scale.
 */
function imageFeatures(p: Extract<Preprocessing, { kind: 'image' }>, file: string): number[] {
  const image = decodePng(new Uint8Array(readFileSync(file)));
  if (image.width !== p.width || image.height !== p.height) {
    throw new Error(
      `${file} is ${image.width} x ${image.height}; the model takes ${p.width} x ${p.height}.`,
    );
  }
  const out = new Float32Array(p.width * p.height * p.channels);
  for (let i = 0; i < p.width * p.height; i++) {
    const at = i * image.channels;
    const gray = image.channels === 1;
    const alpha = gray ? 255 : (image.pixels[at + 3] as number);
    const [r, g, b] = [0, 1, 2].map((c) =>
      alpha === 0 ? 0 : (image.pixels[gray ? at : at + c] as number),
    ) as [number, number, number];
    if (p.channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b) / p.scale;
    else [r, g, b].forEach((value, c) => (out[i * 3 + c] = value / p.scale));
  }
  return Array.from(out);
}

async function predictFolder(
  folder: string,
  inputShape: number[],
  features: number[][],
): Promise<number[][]> {
  await tf.setBackend('cpu');
  const modelJson = JSON.parse(
    readFileSync(join(folder, MODEL_JSON_FILE), 'utf8'),
  ) as tf.io.ModelJSON;
  const model = await tf.loadLayersModel({
    load: () =>
      tf.io.getModelArtifactsForJSON(modelJson, async (groups) => {
        const chunks = groups.flatMap((group) =>
          group.paths.map((path) => readFileSync(join(folder, path))),
        );
        return [
          groups.flatMap((group) => group.weights),
          new Uint8Array(Buffer.concat(chunks)).buffer,
        ];
      }),
  });
  const x = tf.tensor(features.flat(), [features.length, ...inputShape]);
  const y = model.predict(x) as tf.Tensor;
  const outputs = y.reshape([features.length, -1]).arraySync() as number[][];
  tf.dispose([x, y]);
  model.dispose();
  return outputs;
}

interface TableDemo {
  csv: string;
  target: number;
  name: string;
  hidden: number;
  /** Raw rows to score, with a header row, as a user has them. */
  rows: string[];
}

/** A CSV as the app imports it, a model trained on it briefly in Node, and raw rows to score. */
async function tableDemo(folder: string, demo: TableDemo): Promise<void> {
  const table = readCsv(new TextEncoder().encode(demo.csv), { header: 'present' });
  if (!table.ok) throw table.error;
  const result = tabularDataset(table.value, { target: demo.target, name: demo.name });
  if (!result.ok) throw result.error;
  const preprocessing = storedPreprocessing(recordOf(result.value));
  const classes = preprocessing.classNames.length;
  const regression = preprocessing.task === 'regression';
  const spec: ModelSpec = {
    layers: [
      { type: 'dense', units: demo.hidden, activation: 'relu' },
      regression
        ? { type: 'dense', units: 1, activation: 'linear' }
        : { type: 'dense', units: classes, activation: 'softmax' },
    ],
  };
  const model = buildModel(spec, preprocessing.inputShape, 1);
  const { x, y, header } = result.value.packed;
  const xs = tf.tensor2d(Float32Array.from(x), [header.count, header.featureNames.length]);
  const ys = regression
    ? tf.tensor2d(Float32Array.from(y), [header.count, 1])
    : tf.oneHot(tf.tensor1d(Array.from(y), 'int32'), classes);
  model.compile({
    optimizer: tf.train.adam(0.05),
    loss: regression ? 'meanSquaredError' : 'categoricalCrossentropy',
  });
  await model.fit(xs, ys, { epochs: 60, batchSize: 32, verbose: 0, shuffle: false });
  tf.dispose([xs, ys]);
  await writeModelFolder(folder, model, spec, preprocessing, demo.name);
  model.dispose();
  const csv = join(folder, 'inputs', 'rows.csv');
  mkdirSync(join(folder, 'inputs'), { recursive: true });
  writeFileSync(csv, `${demo.rows.join('\n')}\n`);
  await writeExpected(folder, [csv]);
}

/** Iris, with raw rows in another column order, without the species, one cell missing. */
const IRIS: TableDemo = {
  csv: irisCsv(),
  target: 4,
  name: 'Iris',
  hidden: 8,
  rows: [
    'petal_width,petal_length,sepal_width,sepal_length',
    '0.2,1.4,3.5,5.1',
    '1.3,4.5,2.8,6.1',
    '2.1,5.9,3.0,7.1',
    'NA,4.0,3.0,6.0',
  ],
};

/**
 * Flat prices (regression, a category column), every 25th price left empty so the import drops
 * those rows; raw rows with an unseen district, a missing one and a number that is not.
 */
const FLATS: TableDemo = {
  csv: regressionCsv()
    .split('\n')
    .map((line, i) => (i > 0 && i % 25 === 0 ? line.replace(/[^,]*$/, '') : line))
    .join('\n'),
  target: 4,
  name: 'Flats',
  hidden: 16,
  rows: [
    'district,age_years,rooms,area_m2,price_k',
    `${regressionCsv().split('\n')[1]?.split(',')[3] ?? ''},10,3,80.5,`,
    'Atlantis,5,2,55,',
    ',40,4,120,999',
    'null,12,lots,70.2,',
  ],
};

/** An MLP on generated spiral points (seeded weights), and points to score by their x and y. */
async function pointsDemo(folder: string): Promise<void> {
  const preprocessing = pointsPreprocessing({
    kind: 'builtin',
    generator: 'spiral',
    params: { size: 200, noise: 0.1, classes: 3 },
    seed: 1,
  });
  const spec: ModelSpec = {
    layers: [
      { type: 'dense', units: 8, activation: 'tanh' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  };
  const model = buildModel(spec, preprocessing.inputShape, 3);
  await writeModelFolder(folder, model, spec, preprocessing, 'Spiral');
  model.dispose();
  const csv = join(folder, 'inputs', 'points.csv');
  mkdirSync(join(folder, 'inputs'), { recursive: true });
  writeFileSync(csv, 'y,x\n0.5,-0.25\n-1.2,0.8\n0,0\n');
  await writeExpected(folder, [csv]);
}

/** A small CNN on `size` x `size` images with random seeded weights, and PNGs at that size. */
async function imageDemo(folder: string, size: number, channels: 1 | 3): Promise<void> {
  const preprocessing: Preprocessing = {
    format: 1,
    kind: 'image',
    task: 'classification',
    inputShape: [size, size, channels],
    classNames: ['circle', 'square', 'triangle'],
    targetName: null,
    height: size,
    width: size,
    channels,
    scale: 255,
  };
  const spec: ModelSpec = {
    layers: [
      {
        type: 'conv2d',
        filters: 4,
        kernelSize: 3,
        strides: 1,
        padding: 'same',
        activation: 'relu',
      },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  };
  const model = buildModel(spec, preprocessing.inputShape, 2);
  await writeModelFolder(folder, model, spec, preprocessing, 'Shapes');
  model.dispose();
  mkdirSync(join(folder, 'inputs'), { recursive: true });
  const rng = createRng(size * 10 + channels);
  const files = [0, 1, 2].map((n) => {
    const rgba = channels === 3;
    const pixels = new Uint8Array(size * size * (rgba ? 4 : 1)).map((_, i) =>
      rgba && i % 4 === 3 ? (rng.next() < 0.2 ? 0 : 255) : Math.floor(rng.next() * 256),
    );
    const file = join(folder, 'inputs', `image-${n}.png`);
    writeFileSync(file, encodePng({ width: size, height: size, channels: rgba ? 4 : 1, pixels }));
    return file;
  });
  await writeExpected(folder, files);
}

async function main(): Promise<void> {
  const [command, folder, ...inputs] = process.argv.slice(2);
  if (command === 'expected' && folder && inputs.length > 0) {
    await writeExpected(folder, inputs);
  } else if (command === 'demo' && folder) {
    await tableDemo(join(folder, 'iris'), IRIS);
    await tableDemo(join(folder, 'flats'), FLATS);
    await pointsDemo(join(folder, 'spiral'));
    await imageDemo(join(folder, 'gray'), 12, 1);
    await imageDemo(join(folder, 'rgb'), 8, 3);
  } else {
    console.error(
      'Usage: tsx scripts/interop/predict-fixtures.ts expected <model folder> <rows.csv | images...>\n' +
        '       tsx scripts/interop/predict-fixtures.ts demo <dir>',
    );
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
