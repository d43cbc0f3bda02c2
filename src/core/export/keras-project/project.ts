/**
 * The Keras training project `<name>-keras.zip`: the experiment as it ran, its data as the training
 * worker saw it, its weights, and train.py / train.ipynb to train it with Keras 3 on any backend,
 * alone or distributed (issue 15; the file list is in the README of the project itself).
 */
import { zipSync } from 'fflate';
import type { RemoteDatasetFile, Split } from '../../data/dataset';
import { DataFormatError } from '../../errors';
import { fileStem } from '../../file-name';
import type { Experiment } from '../../experiment/experiment';
import { weightShapes, type WeightShape } from '../../model/keras-layers';
import type { EpochRecord } from '../../runs/epoch';
import { sha256HexSync } from '../../sha256-sync';
import type { Preprocessing } from '../preprocessing';
import { npzBytes } from './npz';
import { projectReadme } from './readme';
import { REQUIREMENTS_TXT } from './requirements';
import { trainNotebook } from './notebook';
import { trainPy } from './train-py';

export interface KerasProjectInput {
  name: string;
  experiment: Experiment;
  datasetName: string;
  datasetSha256: string | null;
  inputShape: number[];
  task: ProjectTask;
  classNames: string[];
  /** Every example as the training worker sees it (limit applied), row-major. */
  data: ProjectData;
  split: Split;
  preprocessing: Preprocessing;
  /** The TF.js layers-format model.json of the browser model. */
  modelJson: string;
  /** buildModel(spec, inputShape, seed)'s weights, float32 LE in manifest order. */
  initialWeights: ArrayBuffer;
  /** The browser's current weights; null for an untrained model. */
  browserWeights: ArrayBuffer | null;
  browserEpochs: EpochRecord[];
  sourceRunId: string | null;
  /**
   * Where the data was downloaded from, for a catalog download train.py can decode itself: the
   * project then names the files instead of carrying the examples. Absent: data.npz holds them.
   */
  remote?: RemoteProjectData;
}

export type ProjectTask = 'classification' | 'regression' | 'sequence';

/**
 * Labels for classification, targets for regression, and for sequences the next token of every
 * position ([n, length], PAD_ID 0 where nothing is predicted).
 */
export type ProjectData =
  | { x: Float32Array; labels: Int32Array }
  | { x: Float32Array; targets: Float32Array }
  | { x: Float32Array; nextTokens: Int32Array };

/** The download formats train.py decodes as the browser does. */
export const REMOTE_PROJECT_FORMATS = ['idx', 'cifar10'] as const;

export interface RemoteProjectData {
  format: (typeof REMOTE_PROJECT_FORMATS)[number];
  files: RemoteDatasetFile[];
}

/** experiment.json's `data.remote`: the files, and what decoding them must give. */
export interface RemoteManifest extends RemoteProjectData {
  /** The first `count` examples train (the experiment's limit applied). */
  count: number;
  /** SHA-256 of x as float32 and of y as int32, little-endian, as the browser trained on them. */
  xSha256: string;
  ySha256: string;
}

export const PROJECT_FORMAT = 1;
export const DATA_FILE = 'data.npz';
export const INITIAL_WEIGHTS_FILE = 'initial.weights.bin';
export const BROWSER_WEIGHTS_FILE = 'browser.weights.bin';

/** experiment.json's value. */
export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  kind: 'gradlab-keras-project';
  name: string;
  experiment: Experiment;
  datasetName: string;
  datasetSha256: string | null;
  inputShape: number[];
  task: ProjectTask;
  classNames: string[];
  sourceRunId: string | null;
  browserEpochs: EpochRecord[];
  data: { file: typeof DATA_FILE; sha256: string; remote?: RemoteManifest };
  weights: {
    manifest: WeightShape[];
    initial: typeof INITIAL_WEIGHTS_FILE;
    browser: typeof BROWSER_WEIGHTS_FILE | null;
  };
}

/** `<name>-keras.zip`, with the characters a file name cannot hold replaced. */
export const projectZipName = (name: string): string => `${fileStem(name)}-keras.zip`;

/** The token the dataset puts where no position is predicted (core/data's PAD_ID). */
const PAD_TOKEN = 0;

/** Examples in data: a sequence example has one target per position. */
function exampleCount(data: ProjectData, inputShape: readonly number[]): number {
  if ('labels' in data) return data.labels.length;
  if ('targets' in data) return data.targets.length;
  return Math.floor(data.nextTokens.length / (inputShape[0] ?? 1));
}

/**
 * data.npz's bytes: x, y, train_index and validation_index, as the contracts name them; for
 * sequences y holds the next tokens [n, length] and `mask` [n, length] is 1 where the loss counts
 * a position (its target is not padding), 0 where it is skipped.
 */
export function dataNpz(
  input: Pick<KerasProjectInput, 'data' | 'inputShape' | 'split'>,
): Uint8Array {
  const { data, inputShape, split } = input;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const n = exampleCount(data, inputShape);
  if (data.x.length !== n * width) {
    throw new DataFormatError(
      `The project's data has ${data.x.length} feature values for ${n} examples of shape ` +
        `[${inputShape.join(', ')}] (${n * width} expected).`,
      'project-data-shape',
    );
  }
  if ('nextTokens' in data && data.nextTokens.length !== n * width) {
    throw new DataFormatError(
      `The project's data has ${data.nextTokens.length} next tokens for ${n} sequences of ` +
        `${width} positions (${n * width} expected).`,
      'project-data-shape',
    );
  }
  for (const row of [...split.train, ...split.validation]) {
    if (row < 0 || row >= n) {
      throw new DataFormatError(
        `Split row ${row} is outside the ${n} examples.`,
        'project-split-row',
      );
    }
  }
  const index = {
    train_index: { dtype: '<i4', shape: [split.train.length], data: split.train },
    validation_index: { dtype: '<i4', shape: [split.validation.length], data: split.validation },
  } as const;
  const x = { dtype: '<f4', shape: [n, ...inputShape], data: data.x } as const;
  if ('nextTokens' in data) {
    const shape = [n, width];
    const mask = data.nextTokens.map((token) => (token === PAD_TOKEN ? 0 : 1));
    return npzBytes({
      x,
      y: { dtype: '<i4', shape, data: data.nextTokens },
      mask: { dtype: '<f4', shape, data: Float32Array.from(mask) },
      ...index,
    });
  }
  return npzBytes({
    x,
    y:
      'labels' in data
        ? { dtype: '<i4', shape: [n], data: data.labels }
        : { dtype: '<f4', shape: [n], data: data.targets },
    ...index,
  });
}

const splitNpz = (split: Split): Uint8Array =>
  npzBytes({
    train_index: { dtype: '<i4', shape: [split.train.length], data: split.train },
    validation_index: { dtype: '<i4', shape: [split.validation.length], data: split.validation },
  });

const littleEndianBytes = (array: Float32Array | Int32Array): Uint8Array =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function remoteManifest(input: KerasProjectInput, remote: RemoteProjectData): RemoteManifest {
  if (!('labels' in input.data)) {
    throw new DataFormatError(
      'Only image classification downloads can be named instead of carried.',
      'project-remote-task',
    );
  }
  return {
    ...remote,
    count: input.data.labels.length,
    xSha256: sha256HexSync(littleEndianBytes(input.data.x)),
    ySha256: sha256HexSync(littleEndianBytes(input.data.labels)),
  };
}

function checkWeights(which: string, bytes: ArrayBuffer, manifest: WeightShape[]): Uint8Array {
  const expected = 4 * manifest.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  if (bytes.byteLength !== expected) {
    throw new DataFormatError(
      `The ${which} weights hold ${bytes.byteLength} bytes; the model's weights take ${expected}.`,
      'project-weights-size',
    );
  }
  return new Uint8Array(bytes);
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Every file of the project by name. Throws the InvalidSpecError of a model that cannot be built
 * on `inputShape`, or a DataFormatError when the data or weights do not fit it.
 */
export function kerasProjectFiles(input: KerasProjectInput): Record<string, Uint8Array> {
  const spec = input.experiment.model;
  const manifest = weightShapes(spec, input.inputShape);
  const initial = checkWeights('initial', input.initialWeights, manifest);
  const browser =
    input.browserWeights === null ? null : checkWeights('browser', input.browserWeights, manifest);
  const full = dataNpz(input);
  const remote = input.remote === undefined ? null : remoteManifest(input, input.remote);
  // A remote project's data.npz keeps only the split; train.py downloads the examples.
  const npz = remote === null ? full : splitNpz(input.split);
  const project: ProjectManifest = {
    format: PROJECT_FORMAT,
    kind: 'gradlab-keras-project',
    name: input.name,
    experiment: input.experiment,
    datasetName: input.datasetName,
    datasetSha256: input.datasetSha256,
    inputShape: input.inputShape,
    task: input.task,
    classNames: input.classNames,
    sourceRunId: input.sourceRunId,
    browserEpochs: input.browserEpochs,
    data: {
      file: DATA_FILE,
      sha256: sha256HexSync(npz),
      ...(remote === null ? {} : { remote }),
    },
    weights: {
      manifest,
      initial: INITIAL_WEIGHTS_FILE,
      browser: browser === null ? null : BROWSER_WEIGHTS_FILE,
    },
  };
  return {
    'experiment.json': encode(`${JSON.stringify(project, null, 2)}\n`),
    [DATA_FILE]: npz,
    'preprocessing.json': encode(`${JSON.stringify(input.preprocessing, null, 2)}\n`),
    [INITIAL_WEIGHTS_FILE]: initial,
    ...(browser === null ? {} : { [BROWSER_WEIGHTS_FILE]: browser }),
    'model.json': encode(input.modelJson),
    'train.py': encode(trainPy(input.name, spec, input.inputShape)),
    'train.ipynb': encode(trainNotebook(input.name, spec, input.inputShape)),
    'requirements.txt': encode(REQUIREMENTS_TXT),
    'README.md': encode(projectReadme(project)),
  };
}

/** The project as one zip, every file at its root; data.npz is already packed, so it is stored. */
export function kerasProjectZip(input: KerasProjectInput): Uint8Array {
  const files = kerasProjectFiles(input);
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [
        name,
        [bytes, { level: name === DATA_FILE || name.endsWith('.bin') ? 0 : 6 }] as const,
      ]),
    ),
  );
}
