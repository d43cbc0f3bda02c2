/**
 * `npm run test:keras`, the real Keras check (issue 15): the reference experiments trained by
 * the app's engine in Node, on the wasm backend with Gradlab's kernels (the CPU path the app
 * takes where no GPU is usable; `--engine=cpu` for TF.js's cpu backend, which trains the nine
 * about 25 times slower), exported as the app exports them (the model zip and the Keras training
 * project), and run with Keras 3 in a pinned virtual environment:
 *   - rebuild_model.py --check and predict.py: predictions equal TF.js's within 1e-5;
 *   - train.py --init seed (TensorFlow backend, one device): the per-epoch training and
 *     validation losses equal the engine's within 1e-3 relative;
 *   - for the spiral and the batch-norm CNN, train.py on JAX and on PyTorch (one device) against
 *     the engine, and --strategy mirrored (two logical CPUs) and --strategy jax-dp (JAX, two host
 *     devices) against their backend's single-device run, within the same tolerance.
 * The playground default's TensorFlow run (metrics.jsonl, model.json, weights.bin) is copied to
 * e2e/fixtures/generated/keras-run/ for the e2e import test. Without python3 the check is skipped
 * and says so. Work files go to .cache/keras-check/ (gitignored).
 *
 * Usage: npx tsx scripts/interop/run.ts [--engine=wasm|cpu] [experiment ids...]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { unzipSync } from 'fflate';
import { loadableRef } from '../../src/core/data/load';
import { weightShapes } from '../../src/core/model/keras-layers';
import type { Dataset } from '../../src/core/data/dataset';
import { withVocabulary } from '../../src/core/experiment/edit';
import type { Experiment } from '../../src/core/experiment/experiment';
import type { ModelSpec } from '../../src/core/model/spec';
import { buildModel } from '../../src/engine/model/build';
import { loadWeights } from '../../src/engine/train/load-weights';
import { registerWasmKernels } from '../../src/engine/wasm/register';
import { kerasProjectZip } from '../../src/core/export/keras-project/project';
import { modelZip } from '../../src/features/model-export/model-zip';
import { REPO_ROOT } from '../lib/paths';
import {
  compareLosses,
  comparePredictions,
  epochsOfMetrics,
  LOSS_TOLERANCE,
  PREDICTION_TOLERANCE,
  type EpochLosses,
  type Worst,
} from './compare';
import { CHECK_EPOCHS, REFERENCE_EXPERIMENTS, type ReferenceExperiment } from './experiments';
import { loadData } from './load-data';
import { writePredictInputs } from './predict-inputs';
import { engineProject } from './project-input';
import { runPython, WarmPython, type ScriptRun } from './python';
import { ensureVenv, pythonVersion } from './venv';

const WORK = join(REPO_ROOT, '.cache/keras-check');
const FIXTURE = join(REPO_ROOT, 'e2e/fixtures/generated/keras-run');
/** The experiment whose Keras run the e2e import test reads. */
const FIXTURE_EXPERIMENT = 'playground-default';
const TWO_DEVICES = '--xla_force_host_platform_device_count=2';
const ENGINE_FLAG = '--engine=';

type EngineBackend = 'cpu' | 'wasm';

/** The backend `--engine=` names (wasm when absent); null for any other. */
function engineOf(args: readonly string[]): EngineBackend | null {
  const named = args.find((arg) => arg.startsWith(ENGINE_FLAG))?.slice(ENGINE_FLAG.length);
  if (named === undefined || named === 'wasm') return 'wasm';
  return named === 'cpu' ? 'cpu' : null;
}

interface Prepared {
  reference: ReferenceExperiment;
  project: string;
  model: string;
  engineEpochs: EpochLosses[];
  engineSeconds: number;
  /** TF.js's outputs for the first rows, row-major, `width` per row. */
  predictions: Float32Array;
  width: number;
  /** The preprocessed inputs of those rows, as the engine saw them. */
  inputs: Float32Array;
  rows: number;
  predictFiles: string[];
}

interface CheckResult {
  experiment: string;
  what: string;
  worst: Worst;
  tolerance: number;
  seconds: number;
}

function unzipTo(zip: Uint8Array, folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    writeFileSync(join(folder, name), bytes);
  }
}

/** The trained model's outputs, the weights loaded as the app loads shared ones. */
function tfjsPredictions(
  spec: ModelSpec,
  inputShape: number[],
  weights: ArrayBuffer,
  inputs: Float32Array,
  rows: number,
): Float32Array {
  const model = buildModel(spec, inputShape, 0);
  try {
    const specs = weightShapes(spec, inputShape).map((w) => ({ ...w, dtype: 'float32' as const }));
    const loaded = loadWeights(model, specs, weights);
    if (!loaded.ok) throw loaded.error;
    return tf.tidy(() =>
      Float32Array.from(
        (model.predict(tf.tensor(inputs, [rows, ...inputShape])) as tf.Tensor).dataSync(),
      ),
    );
  } finally {
    model.dispose();
  }
}

/** The experiment with its embeddings' vocabulary set to the data's, as the editor's fit does. */
function withDataVocabulary(experiment: Experiment, data: Dataset): Experiment {
  const size = data.task === 'regression' ? undefined : data.tokenizer?.vocab.length;
  const layers = withVocabulary(experiment.model.layers, size ?? null);
  return { ...experiment, model: { layers } };
}

/** Trains the experiment with the engine and writes its model zip and project, unzipped. */
async function prepare(reference: ReferenceExperiment, engine: EngineBackend): Promise<Prepared> {
  const ref = loadableRef(reference.experiment.dataset);
  if (!ref.ok) throw ref.error;
  const loaded = loadData(ref.value);
  const experiment = withDataVocabulary(reference.experiment, loaded.data);
  const started = performance.now();
  const { input, epochs } = await engineProject({
    name: reference.id,
    experiment,
    dataset: loaded.data,
    datasetName: loaded.datasetName,
    datasetSha256: loaded.datasetSha256,
    preprocessing: loaded.preprocessing,
    classNames: loaded.preprocessing.classNames,
    epochs: CHECK_EPOCHS,
    backend: engine,
  });
  const engineSeconds = (performance.now() - started) / 1000;
  if (!input.browserWeights) throw new Error(`${reference.id}: the engine trained no weights`);
  const folder = join(WORK, reference.id);
  const project = join(folder, 'project');
  const model = join(folder, 'model');
  unzipTo(kerasProjectZip(input), project);
  unzipTo(
    modelZip({
      exported: { modelJson: input.modelJson, weights: input.browserWeights },
      spec: experiment.model,
      inputShape: input.inputShape,
      datasetName: loaded.datasetName,
      preprocessing: loaded.preprocessing,
    }),
    model,
  );
  const { data } = loaded;
  const rows = Math.min(reference.predictRows, data.n);
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const inputs = data.x.slice(0, rows * size);
  const table = Array.from({ length: rows }, (_, r) =>
    Array.from(inputs.subarray(r * size, (r + 1) * size)),
  );
  writeFileSync(join(model, 'inputs.json'), JSON.stringify(table));
  const predictions = tfjsPredictions(
    experiment.model,
    input.inputShape,
    input.browserWeights,
    inputs,
    rows,
  );
  return {
    reference,
    project,
    model,
    engineEpochs: epochs,
    engineSeconds,
    predictions,
    width: predictions.length / rows,
    inputs,
    rows,
    predictFiles: writePredictInputs(loaded, rows, model),
  };
}

/** A script's failure as a check that failed, with the end of what it printed. */
function failed(experiment: string, what: string, run: ScriptRun, tolerance: number): CheckResult {
  const tail = `${run.stderr}${run.stdout}`.trim().split('\n').slice(-15).join('\n');
  return {
    experiment,
    what,
    worst: { difference: Infinity, where: `exit ${run.exit}:\n${tail}`, ok: false },
    tolerance,
    seconds: run.seconds,
  };
}

/** Rows of numbers printed as JSON: one array of rows (rebuild_model.py) or one per line. */
function printedRows(stdout: string): number[] {
  const lines = stdout.split('\n').filter((line) => line.trim().startsWith('['));
  return lines.flatMap((line) => {
    const value: unknown = JSON.parse(line);
    return (Array.isArray(value) ? value.flat(2) : []).filter((v) => typeof v === 'number');
  });
}

/** A script's printed rows compared with `expected`, or its failure. */
function rowsCheck(
  id: string,
  what: string,
  run: ScriptRun,
  expected: Float32Array,
  width: number,
  tolerance: number,
  round: (x: number) => number = (x) => x,
): CheckResult {
  if (run.exit !== 0) return failed(id, what, run, tolerance);
  const actual = printedRows(run.stdout).map(round);
  const worst = comparePredictions(expected, actual, width, tolerance);
  return { experiment: id, what, worst, tolerance, seconds: run.seconds };
}

/** rebuild_model.py --check, and predict.py on the raw inputs: its features, then its outputs. */
async function checkPredictions(p: Prepared, tfPython: WarmPython): Promise<CheckResult[]> {
  const id = p.reference.id;
  const raw = p.predictFiles.length > 1 ? 'images' : 'rows';
  const rebuild = await tfPython.run(
    join(p.model, 'rebuild_model.py'),
    ['--check', 'inputs.json'],
    p.model,
  );
  const predictPy = join(p.model, 'predict.py');
  const features = await tfPython.run(predictPy, ['--features', ...p.predictFiles], p.model);
  const predict = await tfPython.run(predictPy, ['--json', ...p.predictFiles], p.model);
  const { predictions, width, inputs } = p;
  return [
    rowsCheck(
      id,
      'rebuild_model.py --check: predictions',
      rebuild,
      predictions,
      width,
      PREDICTION_TOLERANCE,
    ),
    // The model reads float32: what predict.py computes must round to the app's features exactly.
    rowsCheck(
      id,
      `predict.py --features on raw ${raw}: inputs`,
      features,
      inputs,
      inputs.length / p.rows,
      0,
      Math.fround,
    ),
    rowsCheck(
      id,
      `predict.py on raw ${raw}: predictions`,
      predict,
      predictions,
      width,
      PREDICTION_TOLERANCE,
    ),
  ];
}

const trainArgs = (out: string, extra: string[] = []) => [
  '--init',
  'seed',
  '--epochs',
  String(CHECK_EPOCHS),
  '--out',
  out,
  ...extra,
];

/** Compares a train.py run's metrics.jsonl with `expected`; its epochs when it ran. */
function lossCheck(
  id: string,
  what: string,
  run: ScriptRun,
  out: string,
  expected: readonly EpochLosses[] | null,
): { result: CheckResult; epochs: EpochLosses[] | null } {
  const metrics = join(out, 'metrics.jsonl');
  if (run.exit !== 0 || !existsSync(metrics)) {
    return { result: failed(id, what, run, LOSS_TOLERANCE), epochs: null };
  }
  const epochs = epochsOfMetrics(readFileSync(metrics, 'utf8'));
  const worst: Worst = expected
    ? compareLosses(expected, epochs)
    : { difference: Infinity, where: 'the run to compare with failed', ok: false };
  return {
    result: { experiment: id, what, worst, tolerance: LOSS_TOLERANCE, seconds: run.seconds },
    epochs,
  };
}

function copyFixture(runFolder: string): void {
  mkdirSync(FIXTURE, { recursive: true });
  for (const file of ['metrics.jsonl', 'model.json', 'weights.bin']) {
    copyFileSync(join(runFolder, file), join(FIXTURE, file));
  }
}

const format = (x: number) => (Number.isFinite(x) ? x.toExponential(1) : String(x));

function report(results: readonly CheckResult[]): boolean {
  for (const r of results) {
    const mark = r.worst.ok ? 'ok  ' : 'FAIL';
    console.log(
      `${mark} ${r.experiment.padEnd(18)} ${r.what.padEnd(52)} max diff ${format(r.worst.difference)}` +
        ` <= ${format(r.tolerance)} (${r.worst.where}) ${r.seconds.toFixed(1)} s`,
    );
  }
  return results.every((r) => r.worst.ok);
}

async function main(): Promise<number> {
  const version = pythonVersion();
  if (version === null) {
    console.log('Keras check skipped: python3 not found');
    return 0;
  }
  const started = performance.now();
  const args = process.argv.slice(2);
  const engine = engineOf(args);
  if (engine === null) {
    console.log('usage: run.ts [--engine=wasm|cpu] [experiment ids...]');
    return 2;
  }
  if (engine === 'wasm') registerWasmKernels();
  const wanted = args.filter((arg) => !arg.startsWith(ENGINE_FLAG));
  const references = REFERENCE_EXPERIMENTS.filter(
    (r) => wanted.length === 0 || wanted.includes(r.id),
  );
  const venv = ensureVenv();
  console.log(
    `Keras check with ${version}: environment ${venv.built ? `built in ${venv.seconds.toFixed(0)} s` : 'reused'} (${dirname(dirname(venv.python))})`,
  );
  rmSync(WORK, { recursive: true, force: true });
  // A fixture left from an earlier run must not pass for this one's.
  if (references.some((r) => r.id === FIXTURE_EXPERIMENT)) {
    rmSync(FIXTURE, { recursive: true, force: true });
  }
  const tfPython = new WarmPython(venv.python, { KERAS_BACKEND: 'tensorflow' });
  const jaxPython = new WarmPython(venv.python, { KERAS_BACKEND: 'jax', XLA_FLAGS: TWO_DEVICES });
  const torchPython = new WarmPython(venv.python, { KERAS_BACKEND: 'torch' });
  // Two lanes of Python work (one busy interpreter each) run beside the engine's training in Node.
  let tfLane: Promise<unknown> = Promise.resolve();
  let otherLane: Promise<unknown> = Promise.resolve();
  const results: CheckResult[] = [];
  const checks: Promise<unknown>[] = [];
  for (const reference of references) {
    const p = await prepare(reference, engine);
    console.log(
      `engine  ${reference.id}: ${CHECK_EPOCHS} epochs on ${engine} in ${p.engineSeconds.toFixed(1)} s`,
    );
    const id = reference.id;
    const train = join(p.project, 'train.py');
    const single: Promise<EpochLosses[] | null> = tfLane.then(async () => {
      results.push(...(await checkPredictions(p, tfPython)));
      const out = join(p.project, 'runs/tensorflow');
      const fixture = id === FIXTURE_EXPERIMENT ? ['--export-tfjs'] : [];
      const run = await tfPython.run(train, trainArgs(out, fixture), p.project);
      const what = 'train.py --init seed, TensorFlow, 1 device vs the engine: losses';
      const { result, epochs } = lossCheck(id, what, run, out, p.engineEpochs);
      results.push(result);
      if (id === FIXTURE_EXPERIMENT && epochs) copyFixture(out);
      return epochs;
    });
    tfLane = single;
    checks.push(single);
    if (reference.strategies.length === 0) continue;
    const strategies = Promise.all([otherLane, single]).then(async ([, tfEpochs]) => {
      const onJax = join(p.project, 'runs/jax');
      const jaxRun = await jaxPython.run(train, trainArgs(onJax), p.project);
      const what = 'train.py --init seed, JAX, 1 device vs the engine: losses';
      const jax = lossCheck(id, what, jaxRun, onJax, p.engineEpochs);
      results.push(jax.result);
      const onTorch = join(p.project, 'runs/torch');
      const torchRun = await torchPython.run(train, trainArgs(onTorch), p.project);
      const inTorch = 'train.py --init seed, PyTorch, 1 device vs the engine: losses';
      results.push(lossCheck(id, inTorch, torchRun, onTorch, p.engineEpochs).result);
      for (const strategy of reference.strategies) {
        const out = join(p.project, `runs/${strategy}`);
        const args = trainArgs(out, ['--strategy', strategy, '--cpu-devices', '2']);
        const run =
          strategy === 'mirrored'
            ? await runPython(venv.python, train, args, p.project, { KERAS_BACKEND: 'tensorflow' })
            : await jaxPython.run(train, args, p.project);
        const base = strategy === 'mirrored' ? 'TensorFlow' : 'JAX';
        const compared = `train.py --strategy ${strategy}, 2 devices vs ${base}, 1 device: losses`;
        results.push(
          lossCheck(id, compared, run, out, strategy === 'mirrored' ? tfEpochs : jax.epochs).result,
        );
      }
    });
    otherLane = strategies;
    checks.push(strategies);
  }
  await Promise.all(checks);
  await Promise.all([tfPython.close(), jaxPython.close(), torchPython.close()]);
  results.sort(
    (a, b) =>
      references.findIndex((r) => r.id === a.experiment) -
      references.findIndex((r) => r.id === b.experiment),
  );
  const passed = report(results);
  console.log(
    `Keras check ${passed ? 'passed' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(0)} s` +
      (passed ? `; the playground's Keras run is in ${FIXTURE}` : ''),
  );
  return passed ? 0 : 1;
}

process.exitCode = await main();
