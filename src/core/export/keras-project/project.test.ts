import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataFormatError, InvalidSpecError } from '../../errors';
import { defaultExperiment } from '../../experiment/experiment';
import { weightShapes } from '../../model/keras-layers';
import { sha256Hex } from '../../hash';
import {
  dataNpz,
  kerasProjectFiles,
  kerasProjectZip,
  projectZipName,
  type KerasProjectInput,
} from './project';
import { trainCells } from './train-py';

const experiment = defaultExperiment();
const weightBytes = (fill: number) => {
  const count = weightShapes(experiment.model, [2]).reduce(
    (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1),
    0,
  );
  return new Float32Array(count).fill(fill).buffer;
};

function input(overrides: Partial<KerasProjectInput> = {}): KerasProjectInput {
  return {
    name: 'spiral',
    experiment,
    datasetName: 'Spiral',
    datasetSha256: null,
    inputShape: [2],
    task: 'classification',
    classNames: ['0', '1'],
    data: { x: Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), labels: Int32Array.of(0, 1, 1, 0) },
    split: { train: Int32Array.of(3, 0, 2), validation: Int32Array.of(1) },
    preprocessing: {
      format: 1,
      kind: 'points',
      task: 'classification',
      inputShape: [2],
      classNames: ['0', '1'],
      targetName: null,
      features: ['x', 'y'],
    },
    modelJson: '{"modelTopology": {}}',
    initialWeights: weightBytes(0.5),
    browserWeights: weightBytes(0.25),
    browserEpochs: [
      {
        epoch: 1,
        trainLoss: 0.7,
        trainAccuracy: 0.5,
        validationLoss: 0.69,
        validationAccuracy: 0.5,
      },
    ],
    sourceRunId: 'run-1',
    ...overrides,
  };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('kerasProjectFiles', () => {
  const files = kerasProjectFiles(input());
  const project = JSON.parse(text(files['experiment.json'])) as Record<string, unknown>;

  it('holds every file of the contract', () => {
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'browser.weights.bin',
      'data.npz',
      'experiment.json',
      'initial.weights.bin',
      'model.json',
      'preprocessing.json',
      'requirements.txt',
      'train.ipynb',
      'train.py',
    ]);
  });

  it('records the experiment as it ran, the SHA-256 of data.npz and the weights manifest', async () => {
    expect(project).toEqual({
      format: 1,
      kind: 'gradlab-keras-project',
      name: 'spiral',
      experiment,
      datasetName: 'Spiral',
      datasetSha256: null,
      inputShape: [2],
      task: 'classification',
      classNames: ['0', '1'],
      sourceRunId: 'run-1',
      browserEpochs: input().browserEpochs,
      data: { file: 'data.npz', sha256: await sha256Hex(files['data.npz']!) },
      weights: {
        manifest: weightShapes(experiment.model, [2]),
        initial: 'initial.weights.bin',
        browser: 'browser.weights.bin',
      },
    });
    expect(new Float32Array(files['initial.weights.bin']!.slice().buffer)[0]).toBe(0.5);
    expect(new Float32Array(files['browser.weights.bin']!.slice().buffer)[0]).toBe(0.25);
    expect(JSON.parse(text(files['preprocessing.json']))).toEqual(input().preprocessing);
    expect(text(files['model.json'])).toBe('{"modelTopology": {}}');
  });

  it('puts a sequence dataset in data.npz: the next tokens and the mask of predicted positions', () => {
    const npz = unzipSync(
      dataNpz({
        inputShape: [3],
        data: {
          x: Float32Array.of(2, 3, 4, 2, 5, 0),
          nextTokens: Int32Array.of(0, 4, 2, 5, 2, 0),
        },
        split: { train: Int32Array.of(1), validation: Int32Array.of(0) },
      }),
    );
    expect(Object.keys(npz).sort()).toEqual([
      'mask.npy',
      'train_index.npy',
      'validation_index.npy',
      'x.npy',
      'y.npy',
    ]);
    const header = (name: string) => text(npz[name]!.subarray(10, 80));
    expect(header('x.npy')).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)");
    expect(header('y.npy')).toContain("'descr': '<i4', 'fortran_order': False, 'shape': (2, 3)");
    expect(header('mask.npy')).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)");
    const values = (name: string) => Array.from(new Float32Array(npz[name]!.slice(128).buffer));
    expect(values('mask.npy')).toEqual([0, 1, 1, 1, 1, 0]);
  });

  it('refuses sequence targets that do not fill every position', () => {
    expect(() =>
      dataNpz({
        inputShape: [3],
        data: { x: Float32Array.of(2, 3, 4), nextTokens: Int32Array.of(3, 4) },
        split: { train: Int32Array.of(0), validation: Int32Array.of() },
      }),
    ).toThrow(DataFormatError);
  });

  it('puts the data and the split in data.npz', () => {
    const npz = unzipSync(files['data.npz']!);
    expect(Object.keys(npz).sort()).toEqual([
      'train_index.npy',
      'validation_index.npy',
      'x.npy',
      'y.npy',
    ]);
    const header = (name: string) => text(npz[name]!.subarray(10, 80));
    expect(header('x.npy')).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (4, 2)");
    expect(header('y.npy')).toContain("'descr': '<i4'");
    expect(header('train_index.npy')).toContain("'shape': (3,)");
  });

  it('names a download train.py can decode instead of carrying its examples', async () => {
    const files = [
      { url: 'https://example.org/images.gz', sha256: 'a'.repeat(64) },
      { url: 'https://example.org/labels.gz', sha256: 'b'.repeat(64) },
    ];
    const remote = kerasProjectFiles(input({ remote: { format: 'idx', files } }));
    const npz = unzipSync(remote['data.npz']!);
    expect(Object.keys(npz).sort()).toEqual(['train_index.npy', 'validation_index.npy']);
    const project = JSON.parse(text(remote['experiment.json'])) as {
      data: { sha256: string; remote: Record<string, unknown> };
    };
    const x = Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7);
    expect(project.data).toEqual({
      file: 'data.npz',
      sha256: await sha256Hex(remote['data.npz']!),
      remote: {
        format: 'idx',
        files,
        count: 4,
        xSha256: await sha256Hex(new Uint8Array(x.buffer)),
        ySha256: await sha256Hex(new Uint8Array(Int32Array.of(0, 1, 1, 0).buffer)),
      },
    });
    expect(text(remote['README.md'])).toContain('train.py downloads https://example.org/images.gz');
    expect(() =>
      kerasProjectFiles(
        input({
          data: { x: Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), targets: new Float32Array(4) },
          remote: { format: 'idx', files },
        }),
      ),
    ).toThrow(DataFormatError);
  });

  it('writes regression targets as float32 and leaves out absent browser weights', () => {
    const regression = kerasProjectFiles(
      input({
        task: 'regression',
        data: { x: new Float32Array(8), targets: Float32Array.of(0.5, 1, 2, 3) },
        browserWeights: null,
      }),
    );
    expect(regression['browser.weights.bin']).toBeUndefined();
    const meta = JSON.parse(text(regression['experiment.json'])) as {
      weights: { browser: string | null };
    };
    expect(meta.weights.browser).toBeNull();
    expect(text(unzipSync(regression['data.npz']!)['y.npy']!.subarray(10, 40))).toContain("'<f4'");
  });

  it('refuses weights, data or a split that do not fit the model', () => {
    expect(() => kerasProjectFiles(input({ initialWeights: new ArrayBuffer(8) }))).toThrow(
      DataFormatError,
    );
    expect(() =>
      kerasProjectFiles(input({ data: { x: new Float32Array(3), labels: new Int32Array(4) } })),
    ).toThrow(DataFormatError);
    expect(() =>
      kerasProjectFiles(
        input({ split: { train: Int32Array.of(9), validation: new Int32Array() } }),
      ),
    ).toThrow(DataFormatError);
    const conv = {
      ...experiment,
      model: {
        layers: [
          { type: 'conv2d' as const, filters: 2, kernelSize: 3, activation: 'relu' as const },
        ],
      },
    };
    expect(() => kerasProjectFiles(input({ experiment: conv }))).toThrow(InvalidSpecError);
  });

  it('gives the notebook the same code as train.py, an upload note and a pip cell', () => {
    const notebook = JSON.parse(text(files['train.ipynb'])) as {
      nbformat: number;
      cells: { cell_type: string; source: string[] }[];
    };
    expect(notebook.nbformat).toBe(4);
    const sources = notebook.cells.map((cell) => cell.source.join(''));
    expect(sources[0]).toContain('upload every file');
    expect(sources[1]).toContain('%pip install -q -r requirements.txt');
    const script = text(files['train.py']);
    for (const cell of trainCells(experiment.model, [2]).slice(1)) {
      expect(sources).toContain(cell.code.replace(/\n+$/, ''));
      expect(script).toContain(cell.code);
    }
    expect(sources.at(-1)).toBe('main()');
  });

  it('pins Keras and names the commands in the README', () => {
    expect(text(files['requirements.txt'])).toMatch(/^keras==3\.15\.1$/m);
    const readme = text(files['README.md']);
    for (const command of [
      '--strategy mirrored',
      '--strategy multiworker',
      'TF_CONFIG',
      '--strategy jax-dp',
      'KERAS_BACKEND=torch',
      'TensorflowTrainer',
      '--export-tfjs',
      'Runs → Import run',
    ]) {
      expect(readme).toContain(command);
    }
  });
});

describe('kerasProjectZip', () => {
  it('zips every file at the root', () => {
    const unzipped = unzipSync(kerasProjectZip(input()));
    expect(Object.keys(unzipped).sort()).toEqual(Object.keys(kerasProjectFiles(input())).sort());
    expect(unzipped['train.py']).toEqual(kerasProjectFiles(input())['train.py']);
  });

  it('is named <name>-keras.zip, without characters a file name cannot hold', () => {
    expect(projectZipName('spiral')).toBe('spiral-keras.zip');
    expect(projectZipName('a/b: c?')).toBe('a-b- c--keras.zip');
    expect(projectZipName('  ')).toBe('gradlab-keras.zip');
  });
});
