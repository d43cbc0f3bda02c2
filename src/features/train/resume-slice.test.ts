import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { WorkerLostError } from '../../core/errors';
import {
  PLAYGROUND,
  type Experiment,
  type ExperimentPlace,
} from '../../core/experiment/experiment';
import { GRID_RESOLUTION } from '../../core/experiment/job';
import type { WorkerCommand } from '../../core/protocol';
import { CHECKPOINT_FORMAT, type Checkpoint } from '../../core/runs/checkpoint';
import { DEFAULT_CONFIG } from '../../core/train/config';
import { appDb } from '../../storage/app-db';
import { loadCheckpoint, saveCheckpoint } from '../../storage/checkpoints-repo';
import type { GradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import { resumesHere } from './resume-slice';
import { CPU_READY } from '../../core/test-events';

/** What the interrupted run trained: moons through 12 and 6 tanh units, 20 epochs. */
const experiment: Experiment = {
  dataset: {
    kind: 'builtin',
    generator: 'moons',
    params: { size: 300, noise: 0.1, classes: 2 },
    seed: 4,
  },
  model: {
    layers: [
      { type: 'dense', units: 12, activation: 'tanh' },
      { type: 'dense', units: 6, activation: 'tanh' },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
  },
  config: {
    ...DEFAULT_CONFIG,
    optimizer: 'adam',
    learningRate: 0.01,
    loss: 'categoricalCrossentropy',
    batchSize: 16,
    epochs: 20,
    seed: 4,
  },
  views: ['curves', 'boundary'],
};

const history = [1, 2, 3].map((epoch) => ({
  epoch,
  trainLoss: 1 / epoch,
  trainAccuracy: 0.5,
  validationLoss: 1.1 / epoch,
  validationAccuracy: 0.45,
}));

/** A checkpoint as the worker saves it at the end of epoch `epoch` (a tiny bias for weights). */
function checkpointOf(
  runId: string,
  place: ExperimentPlace,
  epoch = 3,
  savedAt = '2025-03-01T10:00:00.000Z',
): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    runId,
    epoch,
    steps: epoch * 15,
    savedAt,
    job: { experiment, gridResolution: GRID_RESOLUTION, place },
    history: history.slice(0, epoch),
    optimizer: 'Adam',
    weights: [
      { name: 'dense_0/bias', shape: [2], dtype: 'float32', data: new Float32Array(2).buffer },
    ],
    optimizerWeights: [
      { name: 'iter', shape: [], dtype: 'int32', data: new Int32Array([45]).buffer },
    ],
    adamPowers: { beta1: 0.5, beta2: 0.9 },
  };
}

async function database(): Promise<GradlabDb> {
  const db = await appDb();
  if (!db.ok) throw db.error;
  return db.value;
}

async function saved(checkpoint: Checkpoint) {
  const result = await saveCheckpoint(await database(), checkpoint);
  expect(result.ok).toBe(true);
  return checkpoint;
}

const resets = (sent: WorkerCommand[]) => sent.filter((c) => c.type === 'reset').length;

beforeEach(async () => {
  await (await database()).clear('checkpoints');
});

describe('resume slice', () => {
  test('a run whose worker died is offered from its checkpoint, in the same page', async () => {
    const { get, sent } = createTestStore();
    get().applyEvents([CPU_READY]);
    const runId = get().train();
    expect(runId).not.toBeNull();
    await saved(checkpointOf(runId ?? '', PLAYGROUND, 3));
    get().workerLost(new WorkerLostError('The training worker stopped unexpectedly.', 'closed'));
    await vi.waitFor(() => expect(get().interrupted).toMatchObject({ runId, epoch: 3 }));
    expect(resumesHere(get())).toBe(true);
    get().applyEvents([CPU_READY]);
    get().resumeInterrupted();
    expect(sent.at(-1)).toMatchObject({ type: 'resumeFrom', runId });
    expect(get().workerLoss).toBeNull();
  });

  test('a lost run without a checkpoint offers nothing', async () => {
    const { get } = createTestStore();
    get().applyEvents([CPU_READY]);
    get().train();
    get().workerLost(new WorkerLostError('The training worker stopped unexpectedly.', 'closed'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(get().interrupted).toBeNull();
    expect(get().workerLoss).toContain('stopped unexpectedly');
  });

  test('an interrupted run is offered after a reload and resumes with its experiment and curve', async () => {
    const checkpoint = await saved(checkpointOf('run-1', PLAYGROUND));
    const { get, sent } = createTestStore();
    await get().lookForInterruptedRun();
    expect(get().interrupted).toMatchObject({
      runId: 'run-1',
      epoch: 3,
      epochs: 20,
      datasetName: 'moons',
    });
    expect(resumesHere(get())).toBe(true);

    // The editors show what the run trained, in the playground, also once the saved playground
    // arrives.
    expect(get().place).toEqual(PLAYGROUND);
    expect(get().editor.experiment).toEqual(experiment);
    await get().loadPlaygroundFromStorage();
    expect(get().editor.experiment).toEqual(experiment);

    get().applyEvents([CPU_READY]);
    const before = resets(sent);
    get().resumeInterrupted();
    expect(sent.at(-1)).toEqual({ type: 'resumeFrom', job: checkpoint.job, runId: 'run-1' });
    expect(get().interrupted).toBeNull();
    expect(get().history).toEqual(history);
    expect(get().checkpoint).toEqual({ runId: 'run-1', epoch: 3 });
    expect(get().run).toMatchObject({ id: 'run-1', place: PLAYGROUND });

    // The model on the worker is the checkpoint's: nothing resets it under the resumed run, not
    // before the worker says it runs, nor while it runs, nor once it is done.
    get().syncModel();
    expect(resets(sent)).toBe(before);
    get().applyEvents([
      { type: 'status', status: 'running' },
      {
        type: 'epochEnd',
        runId: 'run-1',
        epoch: 4,
        train: { loss: 0.2, accuracy: 0.6 },
        validation: null,
        samplesPerSec: 10,
        numTensors: 5,
      },
    ]);
    expect(resets(sent)).toBe(before);
    expect(get().history.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    get().applyEvents([
      { type: 'done', runId: 'run-1', reason: 'completed', epochs: 20 },
      { type: 'status', status: 'done' },
    ]);
    expect(get().endedRun).toMatchObject({ id: 'run-1', reason: 'completed' });
    expect(resets(sent)).toBe(before);
  });

  test('a run of a notebook cell is not offered in the playground', async () => {
    const place: ExperimentPlace = { kind: 'cell', notebookId: 'nb-1', cellId: 'exp' };
    await saved(checkpointOf('run-cell', place));
    const { get, sent } = createTestStore();
    const shown = get().editor.experiment;
    await get().lookForInterruptedRun();
    expect(get().interrupted?.runId).toBe('run-cell');
    expect(resumesHere(get())).toBe(false);
    expect(get().editor.experiment).toBe(shown);
    get().applyEvents([CPU_READY]);
    get().resumeInterrupted();
    expect(sent.some((c) => c.type === 'resumeFrom')).toBe(false);
    expect(get().interrupted?.runId).toBe('run-cell');
    // In its own cell it resumes.
    get().openExperiment(experiment, { ...place });
    expect(resumesHere(get())).toBe(true);
    get().resumeInterrupted();
    expect(sent.at(-1)).toMatchObject({ type: 'resumeFrom', runId: 'run-cell', job: { place } });
  });

  test('a run that reached its last epoch is not offered', async () => {
    await saved(checkpointOf('run-done', PLAYGROUND, 20));
    const { get } = createTestStore();
    await get().lookForInterruptedRun();
    expect(get().interrupted).toBeNull();
  });

  test('a newer checkpoint that cannot be read is named, and the older one is offered', async () => {
    await saved(checkpointOf('run-1', PLAYGROUND));
    const db = await database();
    await db.put('checkpoints', {
      ...checkpointOf('run-broken', PLAYGROUND, 3, '2025-03-02T10:00:00.000Z'),
      weights: 'not tensors',
    } as never);
    const { get } = createTestStore();
    await get().lookForInterruptedRun();
    expect(get().unreadableCheckpoints.map((u) => u.id)).toEqual(['run-broken']);
    expect(get().unreadableCheckpoints[0]?.message).toMatch(/damaged/);
    expect(get().interrupted?.runId).toBe('run-1');
  });

  test('a discarded run is offered no more, and its checkpoint is deleted', async () => {
    await saved(checkpointOf('run-1', PLAYGROUND));
    const { get } = createTestStore();
    await get().lookForInterruptedRun();
    expect(get().interrupted?.runId).toBe('run-1');
    await get().discardInterrupted();
    expect(get().interrupted).toBeNull();
    expect(await loadCheckpoint(await database(), 'run-1')).toEqual({ ok: true, value: null });
    await get().lookForInterruptedRun();
    expect(get().interrupted).toBeNull();
  });
});
