/* global console, process, TextDecoder */
/**
 * Loads a model exported by Gradlab (the ZIP of model.json + weights.bin) with TensorFlow.js in
 * Node, as someone carrying the model elsewhere would, and predicts. The e2e test compares these
 * predictions with the app's.
 *
 *   node e2e/load-exported.mjs <model.zip> <inputs.json> [inputShape, e.g. 28,28,1]
 *
 * inputs.json holds one flat row per example; the input shape defaults to the model's own. Prints
 * the predictions as JSON, one row per example.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * @param {Record<string, Uint8Array>} files
 * @param {string} name
 */
function fileNamed(files, name) {
  const key = Object.keys(files).find((path) => path === name || path.endsWith(`/${name}`));
  if (key === undefined) throw new Error(`The ZIP holds no ${name}.`);
  return /** @type {Uint8Array} */ (files[key]);
}

/** @param {Uint8Array} zipBytes */
function readExport(zipBytes) {
  const files = unzipSync(zipBytes);
  const modelJson = JSON.parse(new TextDecoder().decode(fileNamed(files, 'model.json')));
  /** @type {tf.io.WeightsManifestConfig} */
  const manifest = modelJson.weightsManifest;
  const chunks = manifest.flatMap((group) =>
    group.paths.map((path) => fileNamed(files, path.replace(/^\.\//, ''))),
  );
  const weightData = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    weightData.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return {
    modelTopology: modelJson.modelTopology,
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData: weightData.buffer,
  };
}

/**
 * The input shape (without the batch axis) the exported model was built for.
 * @param {Uint8Array} zipBytes
 * @returns {number[]}
 */
export function inputShapeFromZip(zipBytes) {
  const { modelTopology } = readExport(zipBytes);
  const first = modelTopology?.config?.layers?.[0]?.config;
  const shape = first?.batch_input_shape ?? first?.batchInputShape;
  if (!Array.isArray(shape)) throw new Error('model.json does not state the input shape.');
  return shape.slice(1);
}

/**
 * The exported model's outputs for `inputs` (flat rows, reshaped to `inputShape`), one row each.
 * @param {Uint8Array} zipBytes
 * @param {number[][]} inputs
 * @param {number[]} inputShape
 * @returns {Promise<number[][]>}
 */
export async function predictFromZip(zipBytes, inputs, inputShape) {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const size = inputShape.reduce((a, b) => a * b, 1);
  inputs.forEach((row, i) => {
    if (row.length !== size) {
      throw new Error(
        `Input ${i} has ${row.length} values; the shape [${inputShape}] needs ${size}.`,
      );
    }
  });
  const model = await tf.loadLayersModel(tf.io.fromMemory(readExport(zipBytes)));
  try {
    const x = tf.tensor(inputs.flat(), [inputs.length, ...inputShape], 'float32');
    const y = /** @type {tf.Tensor} */ (model.predict(x));
    const rows = /** @type {number[][]} */ (y.reshape([inputs.length, -1]).arraySync());
    tf.dispose([x, y]);
    return rows;
  } finally {
    model.dispose();
  }
}

async function main() {
  const [zipPath, inputsPath, shapeArg] = process.argv.slice(2);
  if (!zipPath || !inputsPath) {
    console.error('Usage: node e2e/load-exported.mjs <model.zip> <inputs.json> [inputShape]');
    process.exit(2);
  }
  const zipBytes = new Uint8Array(readFileSync(zipPath));
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  const inputShape = shapeArg ? shapeArg.split(',').map(Number) : inputShapeFromZip(zipBytes);
  process.stdout.write(`${JSON.stringify(await predictFromZip(zipBytes, inputs, inputShape))}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
