import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../core/errors';
import { err, ok } from '../../core/result';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { listRuns } from '../../storage/runs-repo';
import type { AppState } from '../../store/app-state';
import { createTestStore } from '../../store/test-store';
import { createRunsSlice, type RunsDeps } from './slice';

const EPOCH = { trainAccuracy: 0.5, validationLoss: null, validationAccuracy: null };

async function setup(deps: Partial<RunsDeps> = {}) {
  const opened = await openGradlabDb({ name: `runs-slice-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db: GradlabDb = opened.value;
  let clock = 1_000_000;
  const store = createTestStore();
  const exported = {
    type: 'exported' as const,
    requestId: 1,
    modelJson: '{"modelTopology":{}}',
    weights: new Float32Array([3]).buffer,
  };
  store.set({
    ...createRunsSlice({ openDb: async () => ok(db), now: () => clock, ...deps })(
      store.set,
      store.get,
    ),
    ask: (async () => exported) as unknown as AppState['ask'],
  });
  const advance = (ms: number) => (clock += ms);
  return { store, db, advance };
}

describe('runs slice', () => {
  it('records a finished run with the job as it was at the start', async () => {
    const { store, db, advance } = await setup();
    const s = store.get;
    s().setTrainSettings({ learningRate: 0.03 });
    s().noteTrainStatus('running');
    s().setTrainSettings({ learningRate: 0.5 });
    advance(2000);
    s().noteTrainStatus('paused');
    advance(60_000);
    s().noteTrainStatus('running');
    advance(1000);
    store.set({
      history: [{ epoch: 1, trainLoss: 0.7, ...EPOCH }],
      checkpoint: { runId: 'ckpt-run', epoch: 1 },
      status: 'done',
    });
    await s().recordFinishedRun();

    const listed = await listRuns(db);
    const run = listed.ok ? listed.value[0] : undefined;
    expect(run?.id).toBe('ckpt-run');
    expect(run?.job.config.learningRate).toBe(0.03);
    expect(run?.durationMs).toBe(3000);
    expect(run?.epochs).toHaveLength(1);
    expect(run?.name).toMatch(/^spiral · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(run?.weights?.modelJson).toContain('modelTopology');
    expect(run?.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(s().runs.map((r) => r.id)).toEqual(['ckpt-run']);
    db.close();
  });

  it('records nothing for a run without epochs, and forgets a run that ended in an error', async () => {
    const { store, db } = await setup();
    store.get().noteTrainStatus('running');
    await store.get().recordFinishedRun();
    store.get().noteTrainStatus('running');
    store.get().noteTrainStatus('error');
    store.set({ history: [{ epoch: 1, trainLoss: 0.7, ...EPOCH }] });
    await store.get().recordFinishedRun();
    const listed = await listRuns(db);
    // The second record has no captured start, so it falls back to the editors' job and no time.
    expect(listed.ok && listed.value.map((r) => r.durationMs)).toEqual([0]);
    db.close();
  });

  it('saves the run without weights when the worker does not answer', async () => {
    const { store, db } = await setup({ exportTimeoutMs: 10 });
    store.set({
      ask: (() => new Promise(() => undefined)) as unknown as AppState['ask'],
      history: [{ epoch: 1, trainLoss: 0.7, ...EPOCH }],
    });
    await store.get().recordFinishedRun();
    expect(store.get().runs[0]?.weights).toBeNull();
    db.close();
  });

  it('shows a full disk as runsError', async () => {
    const { store } = await setup();
    store.set(
      createRunsSlice({
        openDb: async () =>
          ok({
            transaction: () => {
              throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            },
          } as unknown as GradlabDb),
      })(store.set, store.get),
    );
    store.set({
      ask: (async () => ({
        modelJson: '',
        weights: new ArrayBuffer(0),
      })) as unknown as AppState['ask'],
      history: [{ epoch: 1, trainLoss: 0.7, ...EPOCH }],
    });
    await store.get().recordFinishedRun();
    expect(store.get().runsError).toMatch(/Could not save the run .* storage for Gradlab is full/);
    expect(store.get().runs).toEqual([]);
  });

  it('shows storage that cannot be opened as runsError', async () => {
    const { store } = await setup();
    store.set(
      createRunsSlice({ openDb: async () => err(new StorageUnavailableError('no storage')) })(
        store.set,
        store.get,
      ),
    );
    await store.get().refreshRuns();
    expect(store.get().runsError).toBe('no storage');
  });

  it('renames, tags, selects and deletes', async () => {
    const { store, db } = await setup();
    const s = store.get;
    store.set({ history: [{ epoch: 1, trainLoss: 0.7, ...EPOCH }] });
    await s().recordFinishedRun();
    const id = s().runs[0]?.id ?? '';
    await s().renameRun(id, '  mine ');
    await s().renameRun(id, '   ');
    await s().tagRun(id, 'fast, adam ,fast');
    expect(s().runs[0]?.name).toBe('mine');
    expect(s().runs[0]?.tags).toEqual(['fast', 'adam']);
    s().toggleRunSelected(id);
    expect(s().selectedRunIds).toEqual([id]);
    await s().refreshRuns();
    expect(s().runs[0]?.name).toBe('mine');
    await s().deleteRun(id);
    expect(s().runs).toEqual([]);
    expect(s().selectedRunIds).toEqual([]);
    const listed = await listRuns(db);
    expect(listed.ok && listed.value).toEqual([]);
    db.close();
  });

  it('sorts by a column and flips it on a second click', async () => {
    const { store } = await setup();
    store.get().sortRunsBy('name');
    expect(store.get().runsSort).toEqual({ key: 'name', direction: 'asc' });
    store.get().sortRunsBy('name');
    expect(store.get().runsSort).toEqual({ key: 'name', direction: 'desc' });
  });
});
