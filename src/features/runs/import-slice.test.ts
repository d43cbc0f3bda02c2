import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../core/model/spec';
import { ok } from '../../core/result';
import type { WorkerEvent } from '../../core/protocol';
import type { StoredRun } from '../../core/runs/stored-run';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import {
  jsonl,
  testEndLine,
  testEpochLine,
  testHeader,
  testRunFileText,
} from '../../core/runs/test-run-file';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { loadWeights } from '../../engine/train/load-weights';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { listRuns, saveRun } from '../../storage/runs-repo';
import { createTestStore } from '../../store/test-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const READY: WorkerEvent = {
  type: 'ready',
  backend: 'cpu',
  requested: 'cpu',
  reason: 'test',
  adapter: null,
  renderer: null,
};

async function setup(stored: StoredRun[] = []) {
  const opened = await openGradlabDb({ name: `runs-import-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db: GradlabDb = opened.value;
  for (const run of stored) await saveRun(db, run);
  const store = createTestStore({ openDb: async () => ok(db) });
  store.get().applyEvents([READY]);
  return { s: store.get, store, db };
}

/** What train.py --export-tfjs writes: the spiral model's model.json and weights.bin. */
async function exportedFiles(spec: ModelSpec = testRunExperiment().model) {
  const model = buildModel(spec, [2], 7);
  const exported = await exportLayersModel(model);
  model.dispose();
  return [
    new File([exported.modelJson], 'model.json'),
    new File([exported.weights], 'weights.bin'),
  ];
}

const metricsFile = (text = testRunFileText(), name = 'metrics.jsonl') => new File([text], name);

async function storedRuns(db: GradlabDb): Promise<StoredRun[]> {
  const listed = await listRuns(db);
  if (!listed.ok) throw listed.error;
  return listed.value.runs;
}

describe('Import run', () => {
  it('saves metrics.jsonl as a run of its header experiment, selected with its browser run', async () => {
    const { s, db } = await setup([testRun({ id: 'run-1' })]);
    await s().importRun([metricsFile()]);
    const outcome = s().runImport;
    if (outcome?.state !== 'imported') throw new Error(JSON.stringify(outcome));
    const [imported] = (await storedRuns(db)).filter((r) => r.id === outcome.runId);
    expect(imported?.experiment).toEqual(testRunExperiment());
    expect(imported?.origin).toMatchObject({
      kind: 'imported',
      sourceRunId: 'run-1',
      ending: 'finished',
    });
    expect(imported?.backend).toBeNull();
    expect(imported?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(imported?.weights).toBeNull();
    expect(imported?.name).toMatch(/^spiral · .* · Keras$/);
    expect(outcome.sourceRunId).toBe('run-1');
    expect(s().selectedRunIds).toEqual(['run-1', outcome.runId]);
    expect(s().runs.map((r) => r.id)).toContain(outcome.runId);
    db.close();
  });

  it('finds the browser run of the same model when the file names none this browser has', async () => {
    const other = testRunExperiment({ learningRate: 0.5 });
    const otherModel = {
      ...other,
      model: {
        layers: [
          { type: 'dense' as const, units: 3, activation: 'relu' as const },
          ...other.model.layers.slice(1),
        ],
      },
    };
    const { s, db } = await setup([
      testRun({ id: 'old', createdAt: '2025-01-01T10:00:00.000Z' }),
      testRun({ id: 'newer', createdAt: '2025-02-01T10:00:00.000Z', experiment: other }),
      testRun({ id: 'other-model', createdAt: '2025-03-01T10:00:00.000Z', experiment: otherModel }),
    ]);
    const text = jsonl([testHeader({ sourceRunId: 'gone' }), testEpochLine(1)]);
    await s().importRun([metricsFile(text)]);
    const outcome = s().runImport;
    // A different learning rate is the same model (data, layers, seed); other layers are not.
    expect(outcome?.state === 'imported' && outcome.sourceRunId).toBe('newer');
    db.close();
  });

  it('selects the imported run alone when no browser run of its model is here', async () => {
    const { s, db } = await setup();
    await s().importRun([metricsFile()]);
    const outcome = s().runImport;
    if (outcome?.state !== 'imported') throw new Error('not imported');
    expect(outcome.sourceRunId).toBeNull();
    expect(s().selectedRunIds).toEqual([outcome.runId]);
    db.close();
  });

  it('a run without an end line was stopped or killed: its time is its epochs, its speed unknown', async () => {
    const { s, db } = await setup();
    await s().importRun([metricsFile(jsonl([testHeader(), testEpochLine(1), testEpochLine(2)]))]);
    const [run] = await storedRuns(db);
    expect(run?.origin).toMatchObject({ ending: 'killed' });
    expect(run?.durationMs).toBe(3000);
    expect(run?.samplesPerSec).toBeNull();
    db.close();
  });

  it('refuses a broken file in an alert-worthy message and saves nothing', async () => {
    const { s, db } = await setup([testRun({ id: 'run-1' })]);
    s().toggleRunSelected('run-1');
    const text = jsonl([
      testHeader(),
      testEpochLine(1),
      '{"kind": "epoch", "epoch": 2,',
      testEndLine(),
    ]);
    await s().importRun([metricsFile(text)]);
    expect(s().runImport).toEqual({
      state: 'failed',
      message: 'Line 3 of the run file cannot be read: it is not valid JSON.',
    });
    expect((await storedRuns(db)).map((r) => r.id)).toEqual(['run-1']);
    expect(s().selectedRunIds).toEqual(['run-1']);
    db.close();
  });

  it('says what to choose when no run file or half of the weights was picked', async () => {
    const { s, db } = await setup();
    const [modelJson, weightsBin] = await exportedFiles();
    if (!modelJson || !weightsBin) throw new Error('no export');
    await s().importRun([modelJson, weightsBin]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/no metrics\.jsonl here: choose/),
    });
    await s().importRun([metricsFile(), modelJson]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/need model\.json and weights\.bin/),
    });
    await s().importRun([
      metricsFile(),
      metricsFile(testRunFileText(), 'other.jsonl'),
      metricsFile(testRunFileText(), 'METRICS.jsonl'),
    ]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/2 run files; import one run at a time/),
    });
    expect(await storedRuns(db)).toEqual([]);
    db.close();
  });

  it("keeps the output folder's weights, which load into the playground's model", async () => {
    const { s, store, db } = await setup();
    const folder = [metricsFile(), ...(await exportedFiles()), new File(['keras'], 'model.keras')];
    await s().importRun(folder);
    const outcome = s().runImport;
    if (outcome?.state !== 'imported') throw new Error(JSON.stringify(outcome));
    const run = s().runs.find((r) => r.id === outcome.runId);
    expect(run?.weights?.data.byteLength).toBe((2 * 8 + 8 + 8 * 2 + 2) * 4);

    s().edit({ type: 'config', patch: { learningRate: 0.3 } });
    const loading = s().loadRunWeights(outcome.runId);
    expect(s().playground).toEqual(run?.experiment);
    expect(s().editor.experiment).toEqual(run?.experiment);
    expect(s().runWeights).toMatchObject({ runId: outcome.runId, state: 'loading' });
    await vi.waitFor(() =>
      expect(store.requests.some((r) => r.command.type === 'loadWeights')).toBe(true),
    );
    const request = store.requests.find((r) => r.command.type === 'loadWeights');
    if (request?.command.type !== 'loadWeights') throw new Error('no loadWeights');
    // What the worker gets fits a model built from the run's experiment, as the worker checks.
    const model = buildModel(testRunExperiment().model, [2], 1);
    expect(loadWeights(model, request.command.weightSpecs, request.command.data)).toEqual(
      ok(undefined),
    );
    model.dispose();
    request.answer(ok({ type: 'weightsLoaded', requestId: 1 }));
    await loading;
    expect(s().runWeights).toMatchObject({ state: 'loaded', message: '' });
    // The stored weights were copied for the transfer, not handed over.
    expect(run?.weights?.data.byteLength).toBeGreaterThan(0);
    // Reset puts the seeded weights back: the playground stops saying whose weights it holds.
    s().reset();
    expect(s().runWeights).toBeNull();

    const again = s().loadRunWeights(outcome.runId);
    await vi.waitFor(() =>
      expect(store.requests.filter((r) => r.command.type === 'loadWeights')).toHaveLength(2),
    );
    store.requests
      .filter((r) => r.command.type === 'loadWeights')[1]
      ?.answer(ok({ type: 'weightsLoaded', requestId: 2 }));
    await again;
    expect(s().runWeights).toMatchObject({ state: 'loaded' });
    // Training moves the model on from them, too.
    expect(s().train()).not.toBeNull();
    expect(s().runWeights).toBeNull();
    db.close();
  });

  it('refuses weights of another model with a clear message, and saves nothing', async () => {
    const { s, db } = await setup();
    const other: ModelSpec = {
      layers: [
        { type: 'dense', units: 16, activation: 'tanh' },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
    };
    await s().importRun([metricsFile(), ...(await exportedFiles(other))]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(
        /^model\.json and weights\.bin are not the model of this run's experiment .*train\.py --export-tfjs/,
      ),
    });
    const [modelJson] = await exportedFiles();
    if (!modelJson) throw new Error('no export');
    await s().importRun([metricsFile(), modelJson, new File([new Uint8Array(12)], 'weights.bin')]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(
        /its model\.json describes 168 bytes of weights, its weights\.bin holds 12/,
      ),
    });
    expect(await storedRuns(db)).toEqual([]);
    db.close();
  });

  it('refuses weights that hold NaN or infinity, naming the layer, and saves nothing', async () => {
    const { s, db } = await setup();
    const [modelJson, weightsBin] = await exportedFiles();
    if (!modelJson || !weightsBin) throw new Error('no export');
    const values = new Float32Array(await weightsBin.arrayBuffer());
    // dense_1's kernel comes after dense_0's [2, 8] kernel and [8] bias.
    values.fill(NaN, 2 * 8 + 8, 2 * 8 + 8 + 4);
    await s().importRun([metricsFile(), modelJson, new File([values], 'weights.bin')]);
    expect(s().runImport).toMatchObject({
      state: 'failed',
      message:
        'The weights of layer dense_1 (kernel) hold 4 values that are not numbers (NaN or ' +
        'infinite): weights.bin is damaged, or the run diverged before it was saved. Import ' +
        'metrics.jsonl alone to keep the run without its weights.',
    });
    expect(await storedRuns(db)).toEqual([]);
    db.close();
  });

  it("refuses a stored run's weights that hold NaN, before the playground changes", async () => {
    const [modelJson, weightsBin] = await exportedFiles();
    if (!modelJson || !weightsBin) throw new Error('no export');
    const values = new Float32Array(await weightsBin.arrayBuffer());
    values[values.length - 1] = -Infinity;
    const stored = testRun({
      id: 'run-nan',
      name: 'diverged',
      weights: { modelJson: await modelJson.text(), data: values.buffer },
    });
    const { s, store, db } = await setup([stored]);
    await s().refreshRuns();
    const before = s().playground;
    await s().loadRunWeights('run-nan');
    expect(s().runWeights).toMatchObject({
      state: 'failed',
      message:
        'The weights of layer dense_1 (bias) hold 1 value that is not a number (NaN or ' +
        'infinite): the weights "diverged" ended with are damaged, so they are not loaded.',
    });
    expect(s().playground).toEqual(before);
    expect(store.requests.some((r) => r.command.type === 'loadWeights')).toBe(false);
    db.close();
  });

  it('overlays an imported run with its browser run on request', async () => {
    const { s, db } = await setup([testRun({ id: 'run-1' }), testRun({ id: 'run-2' })]);
    await s().importRun([metricsFile()]);
    const outcome = s().runImport;
    if (outcome?.state !== 'imported') throw new Error('not imported');
    s().toggleRunSelected('run-1');
    s().toggleRunSelected(outcome.runId);
    s().toggleRunSelected('run-2');
    expect(s().selectedRunIds).toEqual(['run-2']);
    s().overlayWithSource(outcome.runId);
    expect(s().selectedRunIds).toEqual(['run-1', outcome.runId]);
    db.close();
  });
});
