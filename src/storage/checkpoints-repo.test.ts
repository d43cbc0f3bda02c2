import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_FORMAT, type Checkpoint } from '../core/runs/checkpoint';
import { PLAYGROUND } from '../core/experiment/experiment';
import { testJob } from '../engine/train/test-helpers';
import {
  deleteCheckpoint,
  deleteCheckpoints,
  latestCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoints-repo';
import { openGradlabDb, type GradlabDb } from './open';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `checkpoints-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** A plain checkpoint of a 2-unit bias, as captureCheckpoint would produce for a tiny model. */
function checkpointOf(runId: string, epoch: number, savedAt: string): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    runId,
    epoch,
    steps: epoch * 10,
    savedAt,
    job: testJob(),
    history: Array.from({ length: epoch }, (_, i) => ({
      epoch: i + 1,
      trainLoss: 1 / (i + 1),
      trainAccuracy: null,
      validationLoss: null,
      validationAccuracy: null,
    })),
    optimizer: 'SGD',
    weights: [
      {
        name: 'dense_0/bias',
        shape: [2],
        dtype: 'float32',
        data: new Float32Array([epoch, 2]).buffer,
      },
    ],
    optimizerWeights: [
      { name: 'iter', shape: [], dtype: 'int32', data: new Int32Array([epoch * 10]).buffer },
    ],
    adamPowers: null,
  };
}

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-01T10:05:00.000Z';
const T3 = '2025-03-01T10:09:00.000Z';

describe('checkpoints repository', () => {
  it('loads what it saved, bytes included, and null for a run without one', async () => {
    const db = await freshDb();
    const checkpoint = checkpointOf('run-a', 3, T1);
    expect(await saveCheckpoint(db, checkpoint)).toEqual({ ok: true, value: undefined });
    const loaded = await loadCheckpoint(db, 'run-a');
    expect(loaded).toEqual({ ok: true, value: checkpoint });
    expect(await loadCheckpoint(db, 'run-b')).toEqual({ ok: true, value: null });
    db.close();
  });

  it('keeps one checkpoint per run: a save replaces the previous one', async () => {
    const db = await freshDb();
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    await saveCheckpoint(db, checkpointOf('run-a', 2, T2));
    expect(await db.count('checkpoints')).toBe(1);
    const loaded = await loadCheckpoint(db, 'run-a');
    expect(loaded.ok && loaded.value?.epoch).toBe(2);
    db.close();
  });

  it('finds the most recently saved checkpoint of any run', async () => {
    const db = await freshDb();
    expect(await latestCheckpoint(db)).toEqual({
      ok: true,
      value: { checkpoint: null, unreadable: [] },
    });
    await saveCheckpoint(db, checkpointOf('run-b', 5, T2));
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    let latest = await latestCheckpoint(db);
    expect(latest.ok && latest.value.checkpoint?.runId).toBe('run-b');
    // A later save of an older run makes it the latest.
    await saveCheckpoint(db, checkpointOf('run-a', 2, T3));
    latest = await latestCheckpoint(db);
    expect(latest.ok && latest.value.checkpoint).toEqual(checkpointOf('run-a', 2, T3));
    db.close();
  });

  it('passes over a damaged newest checkpoint for Resume, and reports it when loaded by run', async () => {
    const db = await freshDb();
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    const damaged = { ...checkpointOf('run-b', 2, T2), weights: [{ name: 'x' }] };
    await db.put('checkpoints', damaged as unknown as Checkpoint);
    const latest = await latestCheckpoint(db);
    expect(latest.ok && latest.value.checkpoint?.runId).toBe('run-a');
    expect(latest.ok && latest.value.unreadable.map((u) => u.id)).toEqual(['run-b']);
    const loaded = await loadCheckpoint(db, 'run-b');
    expect(!loaded.ok && loaded.error.code).toBe('storage-corrupt');
    expect(!loaded.ok && loaded.error.message).toContain('run-b');
    db.close();
  });

  it('offers no sweep trial for Resume: its sweep resumes it', async () => {
    const db = await freshDb();
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    const trial = checkpointOf('trial-run', 4, T2);
    await saveCheckpoint(db, {
      ...trial,
      job: { ...trial.job, sweep: { sweepId: 's', trialId: 't' } },
    });
    const latest = await latestCheckpoint(db);
    expect(latest.ok && latest.value).toEqual({
      checkpoint: checkpointOf('run-a', 1, T1),
      unreadable: [],
    });
    const loaded = await loadCheckpoint(db, 'trial-run');
    expect(loaded.ok && loaded.value?.job.sweep).toEqual({ sweepId: 's', trialId: 't' });
    db.close();
  });

  it('deletes the checkpoints of several runs at once', async () => {
    const db = await freshDb();
    for (const runId of ['run-a', 'run-b', 'run-c']) {
      await saveCheckpoint(db, checkpointOf(runId, 1, T1));
    }
    expect(await deleteCheckpoints(db, ['run-a', 'run-c', 'run-gone'])).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await db.getAllKeys('checkpoints')).toEqual(['run-b']);
    db.close();
  });

  it('deletes a run’s checkpoint, saying whether there was one', async () => {
    const db = await freshDb();
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    expect(await deleteCheckpoint(db, 'run-a')).toEqual({ ok: true, value: true });
    expect(await deleteCheckpoint(db, 'run-a')).toEqual({ ok: true, value: false });
    expect(await loadCheckpoint(db, 'run-a')).toEqual({ ok: true, value: null });
    expect(await latestCheckpoint(db)).toEqual({
      ok: true,
      value: { checkpoint: null, unreadable: [] },
    });
    db.close();
  });

  it('reads a checkpoint of the first format: its training job becomes the experiment', async () => {
    const db = await freshDb();
    const current = checkpointOf('run-old', 2, T1);
    const { experiment, gridResolution } = current.job;
    const legacyJob = {
      dataset: experiment.dataset,
      model: experiment.model,
      config: experiment.config,
      gridResolution,
    };
    // As the previous version wrote it, which this version's store type no longer describes.
    await db.put('checkpoints', { ...current, format: 1, job: legacyJob } as never);
    const loaded = await loadCheckpoint(db, 'run-old');
    if (!loaded.ok) throw loaded.error;
    expect(loaded.value?.format).toBe(CHECKPOINT_FORMAT);
    expect(loaded.value?.job).toEqual({
      experiment: { ...experiment, views: ['curves', 'boundary'] },
      gridResolution,
      place: PLAYGROUND,
    });
    db.close();
  });
});

describe('checkpoints repository when storage fails', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('maps a full disk to StorageFullError and keeps the previous checkpoint', async () => {
    const db = await freshDb();
    await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = realPut.apply(this, args);
      // What a browser does when the commit would pass the quota (fake-indexeddb's internal abort).
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
    const saved = await saveCheckpoint(db, checkpointOf('run-a', 2, T2));
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(!saved.ok && saved.error.message).toContain('checkpoint of epoch 2');
    vi.restoreAllMocks();
    const loaded = await loadCheckpoint(db, 'run-a');
    expect(loaded.ok && loaded.value?.epoch).toBe(1);
    db.close();
  });

  it('answers with errors, not rejections, once the connection is closed', async () => {
    const db = await freshDb();
    db.close();
    const saved = await saveCheckpoint(db, checkpointOf('run-a', 1, T1));
    expect(!saved.ok && saved.error.code).toBe('storage-unavailable');
    const loaded = await loadCheckpoint(db, 'run-a');
    expect(!loaded.ok && loaded.error.code).toBe('storage-unavailable');
    const latest = await latestCheckpoint(db);
    expect(!latest.ok && latest.error.code).toBe('storage-unavailable');
    const deleted = await deleteCheckpoint(db, 'run-a');
    expect(!deleted.ok && deleted.error.code).toBe('storage-unavailable');
  });
});
