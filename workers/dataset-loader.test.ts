/**
 * The training worker's dataset loader on fake-indexeddb, and the training path it serves end to
 * end: real digits stored as the data worker stores them, trained on by the worker's controller
 * on TF.js's cpu backend.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigits, packDigits } from '../scripts/datasets/mnist';
import { packNames } from '../scripts/datasets/text';
import { defaultSequenceRef, generateSequenceTask } from '../src/core/data/sequence-tasks';
import { encodePacked, type PackedDataset } from '../src/core/data/packed';
import { sha256Hex } from '../src/core/hash';
import { smallCnnSpec } from '../src/core/model/presets';
import type { WorkerEvent } from '../src/core/protocol';
import { activateBackend } from '../src/engine/train/activate-backend';
import type { BackendProbe } from '../src/core/train/backend-choice';
import { createController } from '../src/engine/train/controller';
import { Recorder } from '../src/engine/train/test-helpers';
import { sourceKeyOf, versionFields, type DatasetSource } from '../src/core/data/stored-dataset';
import { saveDataset } from '../src/storage/datasets-repo';
import { openGradlabDb, type GradlabDb } from '../src/storage/open';
import { storedDatasetLoader } from './dataset-loader';

const DIGIT_PIXELS = 28 * 28;

let digits: PackedDataset;
beforeAll(async () => {
  digits = packDigits(loadDigits());
  await tf.setBackend('cpu');
});

function digitSubset(count: number): PackedDataset {
  return {
    header: { ...digits.header, count },
    x: digits.x.subarray(0, count * DIGIT_PIXELS),
    y: digits.y.subarray(0, count),
  };
}

async function freshDb() {
  const name = `loader-${crypto.randomUUID()}`;
  const open = () => openGradlabDb({ name });
  const opened = await open();
  if (!opened.ok) throw opened.error;
  return { db: opened.value, load: storedDatasetLoader(open) };
}

/** Stores `packed` as the data worker does; returns its SHA-256. */
async function store(
  db: GradlabDb,
  packed: PackedDataset,
  source: DatasetSource,
  sourceSha256: string | null = null,
): Promise<string> {
  const bytes = encodePacked(packed);
  const sha256 = await sha256Hex(bytes);
  const now = new Date().toISOString();
  const saved = await saveDataset(
    db,
    {
      sha256,
      name: packed.header.name,
      header: packed.header,
      source,
      sourceKey: sourceKeyOf(source),
      sourceSha256,
      createdAt: now,
      lastUsed: now,
      ...versionFields(sha256, now),
      classCounts: [],
      columns: null,
      notes: [],
    },
    bytes,
  );
  if (!saved.ok) throw saved.error;
  return sha256;
}

const upload = { kind: 'file', fileName: 'digits.gds', format: 'packed' } as const;

describe('storedDatasetLoader', () => {
  it('asks for a shipped dataset to be chosen in the list when it is not stored yet', async () => {
    const { load } = await freshDb();
    const result = await load({ kind: 'shipped', name: 'mnist-10k' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-dataset' } });
    expect(!result.ok && result.error.message).toMatch(/MNIST-10k.*Choose it in the dataset list/);
  });

  it('reads a stored dataset into training form: pixels in [0, 1], labels as stored', async () => {
    const { db, load } = await freshDb();
    const subset = digitSubset(500);
    const sha256 = await store(db, subset, upload);

    const result = await load({ kind: 'local', sha256, name: 'digits' });

    if (!result.ok) throw result.error;
    const data = result.value;
    expect(data).toMatchObject({ task: 'classification', n: 500, numClasses: 10 });
    expect(data.inputShape).toEqual([28, 28, 1]);
    expect(data.x).toHaveLength(500 * DIGIT_PIXELS);
    expect(data.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.max(...data.x.subarray(0, DIGIT_PIXELS))).toBe(1);
    expect(data.x[100]).toBeCloseTo(subset.x[100]! / 255, 6);
    if (data.task !== 'classification') return;
    expect(Array.from(data.labels)).toEqual(Array.from(subset.y));
  });

  it('trains on the first examples only when the ref sets a limit', async () => {
    const { db, load } = await freshDb();
    const subset = digitSubset(300);
    const sha256 = await store(db, subset, upload);
    const result = await load({ kind: 'local', sha256, name: 'digits', limit: 120 });
    if (!result.ok) throw result.error;
    expect(result.value.n).toBe(120);
    expect(result.value.task === 'classification' && Array.from(result.value.labels)).toEqual(
      Array.from(subset.y.subarray(0, 120)),
    );
  });

  it('finds a shipped dataset by its source once stored', async () => {
    const { db, load } = await freshDb();
    await store(db, digitSubset(100), { kind: 'shipped', name: 'mnist-10k' });
    const result = await load({ kind: 'shipped', name: 'mnist-10k' });
    expect(result).toMatchObject({ ok: true, value: { n: 100, inputShape: [28, 28, 1] } });
  });

  it('reads the shipped names as next-token prediction with their tokenizer, limit and all', async () => {
    const { db, load } = await freshDb();
    const names = packNames().packed;
    await store(db, names, { kind: 'shipped', name: 'names' });
    const result = await load({ kind: 'shipped', name: 'names', limit: 50 });
    if (!result.ok) throw result.error;
    const data = result.value;
    if (data.task !== 'sequence') throw new Error(`a ${data.task} dataset`);
    expect(data).toMatchObject({ n: 50, inputShape: [16], tokenizer: names.header.tokenizer });
    expect(data.numClasses).toBe(names.header.tokenizer?.vocab.length);
    expect(Array.from(data.targets)).toEqual(Array.from(names.y.subarray(0, 50 * 16)));
  });

  it('generates a toy sequence task on the spot, without storage', async () => {
    const { load } = await freshDb();
    const ref = defaultSequenceRef('reverse', 5);
    const result = await load(ref);
    if (!result.ok) throw result.error;
    const made = generateSequenceTask(ref);
    expect(made.ok && result.value).toEqual(made.ok && made.value);
  });

  it('reports a stored dataset that lost a piece as damaged', async () => {
    const { db, load } = await freshDb();
    const sha256 = await store(db, digitSubset(2000), upload);
    const record = await db.get('datasets', sha256);
    const second = record?.pieces[1];
    if (second === undefined) throw new Error('2,000 digits should take several pieces');
    await db.delete('pieces', second.sha256);

    const result = await load({ kind: 'local', sha256, name: 'digits' });

    expect(result).toMatchObject({ ok: false, error: { code: 'storage-corrupt' } });
    expect(!result.ok && result.error.message).toMatch(/piece 2 of \d+ is missing/);
  });

  it('reports a local dataset that is not stored at all', async () => {
    const { load } = await freshDb();
    const result = await load({ kind: 'local', sha256: 'cd'.repeat(32), name: 'gone' });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage-corrupt' } });
  });

  it('marks a dataset used when it is loaded, so the storage panel keeps it', async () => {
    const { db, load } = await freshDb();
    const sha256 = await store(db, digitSubset(10), upload);
    const before = (await db.get('datasets', sha256))!.lastUsed;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await load({ kind: 'local', sha256, name: 'digits' });
    expect((await db.get('datasets', sha256))!.lastUsed > before).toBe(true);
  });
});

const onlyCpu: BackendProbe = {
  webgpu: { available: false, why: 'not in Node' },
  webgl: { available: false, why: 'not in Node' },
  wasm: { available: false, why: 'not loaded in this test' },
};

describe('training on stored data', () => {
  it('learns the shipped MNIST-10k digits read from IndexedDB', async () => {
    const { db } = await freshDb();
    await store(db, digits, { kind: 'shipped', name: 'mnist-10k' });
    const recorder = new Recorder();
    const controller = createController(
      recorder.emit,
      (requested) => activateBackend(requested, onlyCpu),
      storedDatasetLoader(() => openGradlabDb({ name: db.name })),
    );

    const done = recorder.next((e) => e.type === 'done' || e.type === 'error', 60_000);
    await controller.handle({
      type: 'start',
      runId: 'digits',
      job: {
        experiment: {
          dataset: { kind: 'shipped', name: 'mnist-10k' },
          model: smallCnnSpec(10),
          config: {
            optimizer: 'adam',
            learningRate: 0.01,
            loss: 'categoricalCrossentropy',
            batchSize: 128,
            epochs: 1,
            // 1,000 digits to train on (8 batches, ~2 s each on cpu) and 9,000 to judge by.
            validationSplit: 0.9,
            seed: 1,
          },
          views: ['curves'],
        },
        gridResolution: 0,
        place: { kind: 'playground' },
      },
    });
    const end: WorkerEvent = await done;

    expect(recorder.of('error')).toEqual([]);
    expect(end).toMatchObject({ type: 'done', reason: 'completed', epochs: 1 });
    const [epoch] = recorder.of('epochEnd');
    expect(epoch?.validation?.accuracy).toBeGreaterThan(0.5);
  });
});
