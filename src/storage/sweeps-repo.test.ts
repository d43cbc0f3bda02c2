import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testRun } from '../core/runs/test-run';
import {
  newSweepRecord,
  nextLaunches,
  pauseSweep,
  recoverSweep,
  trialEpoch,
} from '../core/sweep/queue';
import type { SweepRecord } from '../core/sweep/sweep';
import { counter, testSweep } from '../core/sweep/test-sweeps';
import { listRuns } from './runs-repo';
import { openGradlabDb, type GradlabDb } from './open';
import { deleteSweep, listSweeps, loadSweep, saveSweep, updateSweep } from './sweeps-repo';
import { fillableDb } from './test-full-disk';
import { getWriteFailures, dismissWriteFailures } from './write-failures';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `sweeps-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

function recordOf(id: string, createdAt: string): SweepRecord {
  const made = newSweepRecord({ ...testSweep(), id, createdAt }, new Date(createdAt), counter(id));
  if (!made.ok) throw made.error;
  return made.value;
}

const OLD = '2026-01-01T10:00:00.000Z';
const NEW = '2026-02-01T10:00:00.000Z';

describe('sweeps repository', () => {
  it('keeps the queue as it was stored: a reload reads trials in flight as running', async () => {
    const db = await freshDb();
    const launched = nextLaunches(recordOf('s', OLD), 2).record;
    expect(await saveSweep(db, launched)).toEqual({
      ok: true,
      value: { saved: true, stored: launched },
    });
    const loaded = await loadSweep(db, 's');
    expect(loaded).toEqual({ ok: true, value: launched });
    expect(loaded.ok && loaded.value?.trials.map((t) => t.status).slice(0, 3)).toEqual([
      'running',
      'running',
      'pending',
    ]);
    // What the runner does with it next: the trials go back to the queue.
    const recovered = loaded.ok && loaded.value ? recoverSweep(loaded.value) : null;
    expect(recovered?.trials.every((t) => t.status === 'pending')).toBe(true);
    expect(await loadSweep(db, 'missing')).toEqual({ ok: true, value: null });
    db.close();
  });

  it('lists sweeps newest first, and reports records it cannot read by id, keeping them', async () => {
    const db = await freshDb();
    await saveSweep(db, recordOf('old', OLD));
    await saveSweep(db, recordOf('new', NEW));
    const broken = { ...recordOf('broken', NEW), trials: 'none' };
    await db.put('sweeps', broken as unknown as SweepRecord);
    const listed = await listSweeps(db);
    expect(listed.ok && listed.value.sweeps.map((r) => r.sweep.id)).toEqual(['new', 'old']);
    expect(listed.ok && listed.value.unreadable).toEqual([
      { id: 'broken', message: expect.stringMatching(/^The saved sweep broken cannot be read: /) },
    ]);
    expect(await db.get('sweeps', 'broken')).toBeDefined();
    db.close();
  });

  it("saves a trial's run in the same transaction as the record that ends the trial", async () => {
    const db = await freshDb();
    const record = recordOf('s', OLD);
    const run = {
      ...testRun({ id: record.trials[0]?.runId }),
      sweep: { sweepId: 's', trialId: 'x' },
    };
    expect((await saveSweep(db, record, { runs: [run] })).ok).toBe(true);
    const runs = await listRuns(db);
    expect(runs.ok && runs.value.runs.map((r) => [r.id, r.sweep])).toEqual([
      [run.id, { sweepId: 's', trialId: 'x' }],
    ]);
    db.close();
  });

  it('a full disk keeps neither the record nor the run, and says so on the page-wide notice', async () => {
    const { db, setFull } = fillableDb(await freshDb());
    dismissWriteFailures();
    const record = recordOf('s', OLD);
    setFull(true);
    const saved = await saveSweep(db, record, { runs: [testRun({ id: 'r' })] });
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(getWriteFailures()).toEqual([
      { what: 'save the sweep "spiral"', message: expect.any(String), full: true },
    ]);
    setFull(false);
    expect(await loadSweep(db, 's')).toEqual({ ok: true, value: null });
    const runs = await listRuns(db);
    expect(runs.ok && runs.value.runs).toEqual([]);
    // The next save that goes through clears the notice.
    expect((await saveSweep(db, record)).ok).toBe(true);
    expect(getWriteFailures()).toEqual([]);
    db.close();
  });

  it("sees another tab's pause or deletion instead of overwriting it", async () => {
    const db = await freshDb();
    const running = nextLaunches(recordOf('s', OLD), 1).record;
    await saveSweep(db, running);
    // Another tab pauses the stored sweep in place.
    const paused = await updateSweep(db, 's', (r) => pauseSweep(r, new Date(NEW)));
    expect(paused.ok && paused.value?.status).toBe('paused');
    // The running tab's next save, expecting the status it saved last, is refused.
    const later = trialEpoch(running, running.trials[0]?.id ?? '', 3, 0.5);
    const refused = await saveSweep(db, later, {
      ifStatus: 'running',
      runs: [testRun({ id: 'r' })],
    });
    expect(refused.ok && refused.value).toEqual({
      saved: false,
      stored: paused.ok && paused.value,
    });
    const runs = await listRuns(db);
    expect(runs.ok && runs.value.runs).toEqual([]);
    // Once it has taken the pause in, its save goes through.
    const taken = pauseSweep(later, new Date(NEW));
    const saved = await saveSweep(db, taken, { ifStatus: 'paused' });
    expect(saved.ok && saved.value.saved).toBe(true);
    expect(await deleteSweep(db, 's')).toEqual({ ok: true, value: true });
    const gone = await saveSweep(db, taken, { ifStatus: 'paused' });
    expect(gone.ok && gone.value).toEqual({ saved: false, stored: null });
    expect(await loadSweep(db, 's')).toEqual({ ok: true, value: null });
    expect(await updateSweep(db, 's', (r) => r)).toEqual({ ok: true, value: null });
    db.close();
  });

  it("deletes a sweep's record, saying whether it was there; its runs stay", async () => {
    const db = await freshDb();
    await saveSweep(db, recordOf('s', OLD), { runs: [testRun({ id: 'r' })] });
    expect(await deleteSweep(db, 's')).toEqual({ ok: true, value: true });
    expect(await deleteSweep(db, 's')).toEqual({ ok: true, value: false });
    const runs = await listRuns(db);
    expect(runs.ok && runs.value.runs.map((r) => r.id)).toEqual(['r']);
    db.close();
  });

  it('answers with errors, not rejections, once the connection is closed', async () => {
    const db = await freshDb();
    db.close();
    expect((await listSweeps(db)).ok).toBe(false);
    expect((await loadSweep(db, 's')).ok).toBe(false);
    expect((await saveSweep(db, recordOf('s', OLD))).ok).toBe(false);
    expect((await deleteSweep(db, 's')).ok).toBe(false);
  });
});
