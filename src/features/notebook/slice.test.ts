import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bundle, ExperimentCell } from '../../core/bundle/schema';
import { testBundle } from '../../core/bundle/test-bundle';
import { RequestTimeoutError } from '../../core/errors';
import { experimentOf } from '../../core/experiment/cell';
import type { WorkerCommand, WorkerEvent } from '../../core/protocol';
import { err, ok } from '../../core/result';
import { CHANGE_CHANNEL } from '../../storage/change-feed';
import { getNotebook } from '../../storage/notebooks-repo';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { createTestStore, type TestStoreOptions } from '../../store/test-store';
import { CPU_READY, epochEnd } from '../../core/test-events';

/** What the worker says when run `runId` trains one epoch to `loss` and finishes. */
const finishes = (runId: string, loss: number): WorkerEvent[] => [
  { type: 'status', status: 'running' },
  epochEnd(runId, 1, loss),
  { type: 'done', runId, reason: 'completed', epochs: 1 },
  { type: 'status', status: 'done' },
];

async function storeWithDb(options: TestStoreOptions = {}) {
  const opened = await openGradlabDb({ name: `notebook-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db = opened.value;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const store = createTestStore({
    openDb: async () => ok(db),
    now: () => (clock += 1000),
    ...options,
  });
  return { ...store, db };
}

const cellOf = (bundle: Bundle, id: string): ExperimentCell => {
  const cell = bundle.notebook.cells.find(
    (c): c is ExperimentCell => c.type === 'experiment' && c.id === id,
  );
  if (!cell) throw new Error(`no cell ${id}`);
  return cell;
};

async function opened(mode: 'author' | 'student', lesson?: Bundle, options?: TestStoreOptions) {
  const store = await storeWithDb(options);
  const bundle = lesson ?? (await testBundle());
  const id = await store.get().adoptBundle(bundle, mode);
  if (id === null) throw new Error(String(store.get().notebookError));
  await store.get().loadNotebook(id);
  return { ...store, id, lesson: bundle };
}

async function stored(db: GradlabDb, id: string) {
  const read = await getNotebook(db, id);
  if (!read.ok || read.value === null) throw new Error('not stored');
  return read.value;
}

const draftOf = (get: () => { openNotebook: { record: { draft: Bundle } } | null }) => {
  const open = get().openNotebook;
  if (open === null) throw new Error('no open notebook');
  return open.record.draft;
};

/** The open notebook's head version; fails the test when it has none. */
const headOf = (get: () => { openNotebook: { head: Bundle | null } | null }) => {
  const head = get().openNotebook?.head;
  if (head === undefined || head === null) throw new Error('no head version');
  return head;
};

/** The start commands sent so far. */
const starts = (sent: WorkerCommand[]) =>
  sent.filter((c): c is Extract<WorkerCommand, { type: 'start' }> => c.type === 'start');

/**
 * The lesson of the learning-rate bug: three experiments on the spiral that differ only in their
 * learning rate, so a run recorded on the wrong cell shows.
 */
const RATES = { linear: 0.003, hidden: 0.03, flowers: 0.3 } as const;
const threeRates = () =>
  testBundle((json) => {
    const notebook = json.notebook as { cells: Record<string, unknown>[] };
    for (const cell of notebook.cells) {
      if (cell.type !== 'experiment') continue;
      const id = cell.id as keyof typeof RATES;
      cell.dataset = 'spiral';
      cell.model = {
        layers: [
          { type: 'dense', units: 8, activation: 'relu' },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      };
      cell.views = ['curves'];
      (cell.config as Record<string, unknown>).learningRate = RATES[id];
      delete cell.locks;
    }
    delete (json.datasets as Record<string, unknown>).iris;
  });

const channels: BroadcastChannel[] = [];
function otherTab(): unknown[] {
  const channel = new BroadcastChannel(CHANGE_CHANNEL);
  channels.push(channel);
  const heard: unknown[] = [];
  channel.onmessage = (event: MessageEvent<unknown>) => heard.push(event.data);
  return heard;
}

afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

describe('notebook slice', () => {
  it('opens a notebook with its first experiment cell in the editors', async () => {
    const { get, id, lesson } = await opened('author');
    expect(get().place).toEqual({ kind: 'cell', notebookId: id, cellId: 'linear' });
    expect(get().editor.experiment).toEqual(experimentOf(lesson, 'linear'));
    expect(get().editor.experiment.config.epochs).toBe(cellOf(lesson, 'linear').config.epochs);
    // An author is bound by no lesson.
    expect(get().lesson).toBeNull();
    expect(get().openNotebook).toMatchObject({ mode: 'author', head: { id: lesson.id } });
    expect(get().notebookSave).toBe('saved');

    expect(get().openCell('hidden')).toBe(true);
    expect(get().place).toEqual({ kind: 'cell', notebookId: id, cellId: 'hidden' });
    expect(get().editor.experiment).toEqual(experimentOf(lesson, 'hidden'));
    expect(get().openCell('intro')).toBe(false);
    expect(get().openCell('missing')).toBe(false);
  });

  it('opens the cell last open again on coming back from the playground', async () => {
    const { get, id, lesson } = await opened('author');
    get().openCell('hidden');
    get().openPlayground();
    expect(get().place).toEqual({ kind: 'playground' });
    await get().loadNotebook(id);
    expect(get().place).toEqual({ kind: 'cell', notebookId: id, cellId: 'hidden' });
    expect(get().editor.experiment).toEqual(experimentOf(lesson, 'hidden'));
  });

  it('writes an author’s edits into the open cell and autosaves the draft', async () => {
    const { get, db, id } = await opened('author');
    expect(get().edit({ type: 'config', patch: { learningRate: 0.5 } })).toBeNull();
    expect(cellOf(draftOf(get), 'linear').config.learningRate).toBe(0.5);
    // The other cells are left as they were.
    expect(cellOf(draftOf(get), 'hidden').config.learningRate).toBe(0.03);
    await vi.waitFor(async () => {
      expect(cellOf((await stored(db, id)).draft, 'linear').config.learningRate).toBe(0.5);
    });
    await vi.waitFor(() => expect(get().notebookSave).toBe('saved'));

    // The experiment's model too, through the same edits as the playground's.
    get().edit({ type: 'layers', edit: { type: 'add', layer: 'dense', at: 0 } });
    expect(cellOf(draftOf(get), 'linear').model.layers).toHaveLength(2);
    await get().flushDraft();
    expect(cellOf((await stored(db, id)).draft, 'linear').model.layers).toHaveLength(2);
  });

  it('puts back a student’s edit of a locked field, keeps the rest, and resets to the lesson', async () => {
    const { get, lesson } = await opened('student');
    const cell = cellOf(lesson, 'linear');
    expect(cell.locks).toContain('dataset');
    expect(get().lesson).toEqual(experimentOf(lesson, 'linear'));
    const dataset = get().editor.experiment.dataset;
    if (dataset.kind !== 'builtin') throw new Error('not generated');
    get().edit({
      type: 'dataset',
      dataset: { ...dataset, params: { ...dataset.params, noise: 0.4 } },
      field: 'noise',
    });
    get().edit({ type: 'config', patch: { learningRate: 0.2 } });
    expect(get().editor.experiment.dataset).toEqual(lesson.datasets[cell.dataset]);
    const draft = draftOf(get);
    const edited = cellOf(draft, 'linear');
    expect(draft.datasets[edited.dataset]).toEqual(lesson.datasets[cell.dataset]);
    expect(edited.config.learningRate).toBe(0.2);

    await get().resetToLesson();
    expect(cellOf(draftOf(get), 'linear').config.learningRate).toBe(cell.config.learningRate);
    expect(get().editor.experiment.config.learningRate).toBe(cell.config.learningRate);
  });

  it('makes a student’s own copy for author mode and leaves the lesson as it was', async () => {
    const { get, db, id, lesson } = await opened('student');
    get().edit({ type: 'config', patch: { learningRate: 0.2 } });
    // The locks are not lifted in place: the mode stays, and so does the lesson's hold.
    get().setNotebookMode('author');
    expect(get().openNotebook?.mode).toBe('student');
    expect(get().lesson).toEqual(experimentOf(lesson, 'linear'));

    const forkId = await get().forkNotebook();
    if (forkId === null) throw new Error(String(get().notebookError));
    expect(forkId).not.toBe(id);
    const mine = await stored(db, id);
    expect(mine).toMatchObject({ mode: 'student', headVersion: lesson.id, origin: lesson.id });
    expect(mine.fork).toBeUndefined();
    expect(cellOf(mine.draft, 'linear').config.learningRate).toBe(0.2);

    const copy = await stored(db, forkId);
    expect(copy).toMatchObject({ mode: 'author', origin: lesson.id, fork: true });
    expect([copy.parent, copy.version]).toEqual([lesson.id, lesson.version + 1]);
    expect(copy.title).toBe(`${lesson.notebook.title} (my copy)`);
    expect(cellOf(copy.draft, 'linear').config.learningRate).toBe(0.2);
    // The copy keeps the lesson's locks for its author to use, and they bind nobody here.
    expect(cellOf(copy.draft, 'linear').locks).toEqual(cellOf(lesson, 'linear').locks);

    await get().loadNotebook(forkId);
    expect(headOf(get)).toMatchObject({ id: copy.headVersion, parent: lesson.id });
    expect(get().openNotebook?.lesson?.id).toBe(lesson.id);
    expect(get().lesson).toBeNull();
    const dataset = get().editor.experiment.dataset;
    if (dataset.kind !== 'builtin') throw new Error('not generated');
    get().edit({
      type: 'dataset',
      dataset: { ...dataset, params: { ...dataset.params, noise: 0.4 } },
      field: 'noise',
    });
    const authored = cellOf(draftOf(get), 'linear');
    expect(draftOf(get).datasets[authored.dataset]).toMatchObject({ params: { noise: 0.4 } });
    // A copy of one's own switches modes in place.
    get().setNotebookMode('student');
    get().setNotebookMode('author');
    expect(get().openNotebook?.mode).toBe('author');

    // The lesson's card opens the lesson's notebook again, for its student, locks on.
    expect(await get().openLessonBundle(lesson)).toBe(id);
    await get().loadNotebook(id);
    expect(get().openNotebook?.mode).toBe('student');
    expect(get().lesson).toEqual(experimentOf(lesson, 'linear'));
  });

  it('keeps a new notebook a draft until its first save, version 1, with no lesson to reset to', async () => {
    const { get, db } = await storeWithDb();
    const id = await get().createNotebook();
    if (id === null) throw new Error(String(get().notebookError));
    await get().loadNotebook(id);
    expect(get().openNotebook).toMatchObject({ head: null, lesson: null, mode: 'author' });
    const record = await stored(db, id);
    expect([record.headVersion, record.version, record.origin]).toEqual([null, 0, undefined]);
    expect(await db.count('versions')).toBe(0);
    expect(await get().versionHistory()).toEqual([]);

    const written = draftOf(get).notebook.title;
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'Mine' } }));
    await get().resetToLesson();
    expect(draftOf(get).notebook.title).toBe('Mine');
    expect(written).not.toBe('Mine');

    await get().saveVersion();
    const first = headOf(get);
    expect([first.version, first.parent, first.notebook.title]).toEqual([1, null, 'Mine']);
    expect((await stored(db, id)).headVersion).toBe(first.id);
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'Mine, again' } }));
    await get().saveVersion();
    expect([headOf(get).version, headOf(get).parent]).toEqual([2, first.id]);
    expect((await get().versionHistory()).map((v) => v.version)).toEqual([2, 1]);
    // Its author's own: switching to author mode is never a copy.
    get().setNotebookMode('student');
    get().setNotebookMode('author');
    expect(get().openNotebook?.mode).toBe('author');
  });

  it('saves versions in a lineage, lists them, and restores an old one as the draft', async () => {
    const { get, db, id, lesson } = await opened('author');
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'Second' } }));
    await get().saveVersion();
    const second = headOf(get);
    expect([second.version, second.parent]).toEqual([2, lesson.id]);
    expect((await stored(db, id)).headVersion).toBe(second.id);

    const history = await get().versionHistory();
    expect(history.map((v) => v.version)).toEqual([2, 1]);

    get().edit({ type: 'config', patch: { learningRate: 0.9 } });
    await get().restoreVersion(lesson);
    expect(get().openNotebook!.record.draft.notebook.title).toBe(lesson.notebook.title);
    // The open cell shows the restored experiment.
    expect(get().editor.experiment.config.learningRate).toBe(0.03);
    await get().saveVersion();
    const third = headOf(get);
    expect([third.version, third.parent, third.notebook.title]).toEqual([
      3,
      second.id,
      lesson.notebook.title,
    ]);
  });

  it('saves no version when nothing changed', async () => {
    const { get, lesson } = await opened('author');
    await get().saveVersion();
    expect(headOf(get).id).toBe(lesson.id);
  });

  it('records a run that ended in its cell, keeping the lesson’s runs and the newest of its own', async () => {
    const { get, sent, lesson } = await opened('author');
    get().applyEvents([CPU_READY]);
    const first = get().train();
    if (first === null) throw new Error('could not train');
    get().applyEvents(finishes(first, 0.5));
    const mine = () => draftOf(get).runs.filter((r) => !lesson.runs.some((l) => l.id === r.id));
    expect(mine()).toHaveLength(1);
    expect(mine()[0]).toMatchObject({
      id: first,
      cellId: 'linear',
      datasetKey: 'spiral',
      backend: 'cpu',
      epochs: [{ epoch: 1, trainLoss: 0.5 }],
    });
    expect(draftOf(get).runs.map((r) => r.id)).toContain('run-1');

    const second = get().train();
    if (second === null) throw new Error('could not train');
    get().applyEvents(finishes(second, 0.25));
    expect(mine().map((r) => r.id)).toEqual([second]);
    expect(draftOf(get).runs.map((r) => r.id)).toContain('run-1');
    expect(starts(sent)).toHaveLength(2);
  });

  it('records a run in its notebook’s stored draft when another notebook is open by then', async () => {
    const store = await storeWithDb();
    const { get, db } = store;
    const lesson = await testBundle();
    const a = await get().adoptBundle(lesson, 'author');
    const b = await get().adoptBundle(lesson, 'author');
    if (a === null || b === null) throw new Error('not adopted');
    await get().loadNotebook(a);
    get().applyEvents([CPU_READY]);
    const runId = get().train();
    if (runId === null) throw new Error('could not train');
    get().applyEvents([{ type: 'status', status: 'running' }, epochEnd(runId, 1, 0.4)]);

    await get().loadNotebook(b);
    expect(get().openNotebook?.record.id).toBe(b);
    expect(get().place).toMatchObject({ notebookId: b, cellId: 'linear' });
    // Opening another experiment stops the run going on.
    expect(store.sent.some((c) => c.type === 'stop')).toBe(true);
    // The worker finished the run before the stop reached it.
    get().applyEvents([
      epochEnd(runId, 2, 0.3),
      { type: 'done', runId, reason: 'completed', epochs: 2 },
      { type: 'status', status: 'done' },
    ]);
    await vi.waitFor(async () => {
      const runs = (await stored(db, a)).draft.runs;
      expect(runs.find((r) => r.id === runId)).toMatchObject({
        cellId: 'linear',
        epochs: [{ trainLoss: 0.4 }, { trainLoss: 0.3 }],
      });
    });
    expect(draftOf(get).runs.some((r) => r.id === runId)).toBe(false);
    expect((await stored(db, b)).draft.runs.some((r) => r.id === runId)).toBe(false);
  });

  it('records a run on the cell it trained, though another cell was opened before it ended', async () => {
    const lesson = await threeRates();
    const { get, sent } = await opened('author', lesson);
    get().applyEvents([CPU_READY]);
    expect(get().openCell('hidden')).toBe(true);
    const runId = get().train();
    if (runId === null) throw new Error('could not train');
    get().applyEvents([{ type: 'status', status: 'running' }, epochEnd(runId, 1, 0.7)]);
    // The student moves on to the next experiment while the worker finishes the last epoch.
    expect(get().openCell('flowers')).toBe(true);
    expect(sent.at(-1)).toEqual({ type: 'stop' });
    get().applyEvents([
      epochEnd(runId, 2, 0.6),
      { type: 'done', runId, reason: 'completed', epochs: 2 },
      { type: 'status', status: 'done' },
    ]);
    const record = draftOf(get).runs.find((r) => r.id === runId);
    expect(record).toMatchObject({ cellId: 'hidden', config: { learningRate: RATES.hidden } });
    expect(record?.epochs.map((e) => e.trainLoss)).toEqual([0.7, 0.6]);
    expect(draftOf(get).runs.filter((r) => r.cellId === 'flowers')).toEqual([]);
    // The editors still show the cell the student opened, with its own settings.
    expect(get().place).toMatchObject({ cellId: 'flowers' });
    expect(get().editor.experiment.config.learningRate).toBe(RATES.flowers);
  });

  it('does not record a stopped run in its cell', async () => {
    const { get, lesson } = await opened('author');
    get().applyEvents([CPU_READY]);
    const runId = get().train();
    if (runId === null) throw new Error('could not train');
    get().applyEvents([
      { type: 'status', status: 'running' },
      epochEnd(runId, 1, 0.4),
      { type: 'done', runId, reason: 'stopped', epochs: 1 },
      { type: 'status', status: 'done' },
    ]);
    expect(get().endedRun?.id).toBe(runId);
    expect(draftOf(get).runs).toEqual(lesson.runs);
  });

  it('Run all runs each cell in order, records each run on its own cell, and waits for each to complete', async () => {
    const lesson = await threeRates();
    const { get, sent } = await opened('author', lesson);
    get().applyEvents([CPU_READY]);
    const all = get().runAll();
    const recorded = new Set(lesson.runs.map((r) => r.id));

    const ids: string[] = [];
    for (const [n, cellId] of (['linear', 'hidden', 'flowers'] as const).entries()) {
      await vi.waitFor(() => expect(starts(sent)).toHaveLength(n + 1));
      const start = starts(sent)[n];
      if (start === undefined) throw new Error('no start');
      ids.push(start.runId);
      expect(get().runningAll).toBe(cellId);
      expect(start.job.place).toMatchObject({ kind: 'cell', cellId });
      expect(start.job.experiment.config.learningRate).toBe(RATES[cellId]);
      // Another run's end does not move Run all on, nor does this run's epochs.
      get().applyEvents([
        { type: 'status', status: 'running' },
        epochEnd('someone-else', 1, 9),
        { type: 'done', runId: 'someone-else', reason: 'completed', epochs: 1 },
        epochEnd(start.runId, 1, RATES[cellId]),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(starts(sent)).toHaveLength(n + 1);
      get().applyEvents([
        { type: 'done', runId: start.runId, reason: 'completed', epochs: 1 },
        { type: 'status', status: 'done' },
      ]);
    }
    await all;
    expect(get().runningAll).toBeNull();
    expect(new Set(ids).size).toBe(3);

    const mine = draftOf(get).runs.filter((r) => !recorded.has(r.id));
    expect(
      mine.map((r) => [r.id, r.cellId, r.config.learningRate, r.epochs[0]?.trainLoss]),
    ).toEqual([
      [ids[0], 'linear', RATES.linear, RATES.linear],
      [ids[1], 'hidden', RATES.hidden, RATES.hidden],
      [ids[2], 'flowers', RATES.flowers, RATES.flowers],
    ]);
  });

  it('Run all stops at a run that does not complete', async () => {
    const lesson = await threeRates();
    const { get, sent } = await opened('author', lesson);
    get().applyEvents([CPU_READY]);
    const all = get().runAll();
    await vi.waitFor(() => expect(starts(sent)).toHaveLength(1));
    const runId = starts(sent)[0]!.runId;
    get().applyEvents([
      { type: 'status', status: 'running' },
      { type: 'done', runId, reason: 'stopped', epochs: 0 },
      { type: 'status', status: 'done' },
    ]);
    await all;
    expect(starts(sent)).toHaveLength(1);
    expect(get().runningAll).toBeNull();
  });

  it('Stop all stops the run going on and starts no other', async () => {
    const lesson = await threeRates();
    const { get, sent } = await opened('author', lesson);
    get().applyEvents([CPU_READY]);
    const all = get().runAll();
    await vi.waitFor(() => expect(starts(sent)).toHaveLength(1));
    const runId = starts(sent)[0]!.runId;
    get().applyEvents([{ type: 'status', status: 'running' }]);
    get().stopRunAll();
    expect(sent.at(-1)).toEqual({ type: 'stop' });
    expect(get().runningAll).toBeNull();
    // The worker had finished the epoch: the run completes, and still nothing follows.
    get().applyEvents([
      epochEnd(runId, 1, 0.5),
      { type: 'done', runId, reason: 'completed', epochs: 1 },
      { type: 'status', status: 'done' },
    ]);
    await all;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(starts(sent)).toHaveLength(1);
  });

  it('puts the weights that came with the bundle into the model once the worker is ready', async () => {
    const { get, sent, requests, lesson } = await opened('author');
    const run = lesson.runs.find((r) => r.weightsKey !== undefined);
    expect(run?.cellId).toBe('linear');
    expect(get().cellWeights).toEqual({ cellId: 'linear', state: 'loading' });
    expect(requests).toEqual([]);
    get().applyEvents([CPU_READY]);
    const request = requests.find((r) => r.command.type === 'loadWeights');
    if (request?.command.type !== 'loadWeights') throw new Error('no loadWeights asked');
    // The model is reset to the cell's first, so the weights land in the cell's model.
    const reset = sent.at(-1);
    expect(reset?.type).toBe('reset');
    expect(reset?.type === 'reset' && reset.job.place).toMatchObject({ cellId: 'linear' });
    expect(request.command.weightSpecs).toEqual(
      (lesson.weights?.[run!.weightsKey!] as { weightSpecs: unknown }).weightSpecs,
    );
    expect(request.command.data.byteLength).toBe(24);
    request.answer(ok({ type: 'weightsLoaded', requestId: 1 }));
    await vi.waitFor(() =>
      expect(get().cellWeights).toEqual({ cellId: 'linear', state: 'loaded', runId: 'run-1' }),
    );
  });

  it('says when the shared weights could not be loaded', async () => {
    const { get, requests } = await opened('author');
    get().applyEvents([CPU_READY]);
    const request = requests.find((r) => r.command.type === 'loadWeights');
    request?.answer(err(new RequestTimeoutError('The worker did not answer.')));
    await vi.waitFor(() =>
      expect(get().cellWeights).toEqual({
        cellId: 'linear',
        state: 'failed',
        message: 'The worker did not answer.',
      }),
    );
  });

  it('refuses shared weights that hold NaN or infinity, naming the layer, and asks the worker nothing', async () => {
    const damaged = await testBundle((json) => {
      const weights = (json.weights as Record<string, { data: string }>)['run-1'];
      if (weights === undefined) throw new Error('the fixture has no run-1 weights');
      const values = new Float32Array([0.5, NaN, 1, Infinity, 0, -1]);
      weights.data = btoa(String.fromCharCode(...new Uint8Array(values.buffer)));
    });
    const { get, requests } = await opened('author', damaged);
    expect(get().cellWeights).toEqual({
      cellId: 'linear',
      state: 'damaged',
      message:
        'The weights of layer dense_0 (kernel) hold 2 values that are not numbers (NaN or ' +
        "infinite): this bundle's weights are damaged; it opens without them",
    });
    get().applyEvents([CPU_READY]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests.some((r) => r.command.type === 'loadWeights')).toBe(false);
    // The rest of the bundle opened: its cells, and the cell's experiment in the editors.
    expect(draftOf(get).notebook.cells).toEqual(damaged.notebook.cells);
  });

  it('Run puts the shared weights in before its start, never over the run', async () => {
    const marks: { type: string; afterSent: number }[] = [];
    const store = await opened('author', undefined, {
      answer: (command) => {
        marks.push({ type: command.type, afterSent: store.sent.length });
        return command.type === 'loadWeights'
          ? ok({ type: 'weightsLoaded', requestId: 1 })
          : err(new RequestTimeoutError('not in this test'));
      },
    });
    const { get, sent } = store;
    const running = get().runCell('linear');
    get().applyEvents([CPU_READY]);
    await vi.waitFor(() => expect(starts(sent)).toHaveLength(1));
    const start = sent.findIndex((c) => c.type === 'start');
    // Every load was asked before the start, right after a reset of the cell's model.
    const loads = marks.filter((m) => m.type === 'loadWeights');
    expect(loads.length).toBeGreaterThan(0);
    for (const load of loads) {
      expect(load.afterSent).toBeLessThanOrEqual(start);
      expect(sent[load.afterSent - 1]?.type).toBe('reset');
    }
    // Nothing resets the model under the run.
    expect(sent.slice(start + 1).some((c) => c.type === 'reset')).toBe(false);
    const runId = starts(sent)[0]!.runId;
    get().applyEvents(finishes(runId, 0.3));
    expect(await running).toBe(true);
    expect(marks.filter((m) => m.type === 'loadWeights')).toHaveLength(loads.length);
  });

  it('announces an adopted bundle to the other tabs and lists it', async () => {
    const { get } = await storeWithDb();
    const heard = otherTab();
    const lesson = await testBundle();
    const id = await get().adoptBundle(lesson);
    if (id === null) throw new Error('not adopted');
    await vi.waitFor(() => expect(heard).toContainEqual({ store: 'notebooks', key: id }));
    await vi.waitFor(() => expect(get().myNotebooks.map((n) => n.id)).toEqual([id]));
    // A lesson with locks opens for its student.
    expect(get().myNotebooks[0]?.mode).toBe('student');
  });

  it('opens the same local copy of a lesson twice, not two', async () => {
    const { get } = await storeWithDb();
    const lesson = await testBundle();
    const first = await get().openLessonBundle(lesson);
    const again = await get().openLessonBundle(lesson);
    expect(first).not.toBeNull();
    expect(again).toBe(first);
  });

  it('names a stored notebook it cannot read, and lists the rest', async () => {
    const { get, db } = await storeWithDb();
    const id = await get().adoptBundle(await testBundle(), 'author');
    await db.put('notebooks', {
      id: 'broken',
      title: 'Broken',
      headVersion: 'sha256-x',
      parent: null,
      version: 1,
      savedAt: '2026-01-01T00:00:00.000Z',
      draft: { type: 'gradlab/bundle', schemaVersion: 2 },
    } as never);
    await get().refreshNotebooks();
    expect(get().myNotebooks.map((n) => n.id)).toEqual([id]);
    expect(get().unreadableNotebooks.map((u) => u.id)).toEqual(['broken']);
    expect(get().unreadableNotebooks[0]?.message).toMatch(/Broken.*cannot be read/);
  });

  it('says so when a notebook is not in this browser', async () => {
    const { get } = await storeWithDb();
    await get().loadNotebook('nowhere');
    expect(get().openNotebook).toBeNull();
    expect(get().notebookError).toMatch(/not saved in this browser/);
  });
});
