import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Bundle, ExperimentCell } from '../../core/bundle/schema';
import { ok } from '../../core/result';
import { getNotebook } from '../../storage/notebooks-repo';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import type { DataJobs } from '../data/resolve-dataset';
import { testBundle } from '../../core/bundle/test-bundle';
import { createNotebookSlice } from './slice';

const noJobs: DataJobs = {
  download: async () => {
    throw new Error('not expected');
  },
  csvColumns: async () => ok(1),
  importCsv: async () => {
    throw new Error('not expected');
  },
};

async function storeWithDb() {
  const opened = await openGradlabDb({ name: `notebook-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db = opened.value;
  const store = createTestStore();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const slice = createNotebookSlice({
    openDb: async () => ok(db),
    jobs: noJobs,
    now: () => (clock += 1000),
    autosaveMs: 0,
  });
  store.set(slice(store.set, store.get));
  return { ...store, db };
}

const firstExperiment = (bundle: Bundle): ExperimentCell => {
  const cell = bundle.notebook.cells.find((c): c is ExperimentCell => c.type === 'experiment');
  if (!cell) throw new Error('no experiment');
  return cell;
};

async function opened(mode: 'author' | 'student') {
  const store = await storeWithDb();
  const lesson = await testBundle();
  const id = await store.get().adoptBundle(lesson, mode);
  if (id === null) throw new Error(String(store.get().notebookError));
  await store.get().loadNotebook(id);
  return { ...store, id, lesson };
}

async function stored(db: GradlabDb, id: string) {
  const read = await getNotebook(db, id);
  if (!read.ok || read.value === null) throw new Error('not stored');
  return read.value;
}

describe('notebook slice', () => {
  it('opens a notebook with its first experiment in the editors', async () => {
    const { get, lesson } = await opened('author');
    const cell = firstExperiment(lesson);
    expect(get().activeCell?.cellId).toBe(cell.id);
    expect(get().datasetSettings).toMatchObject({ generator: 'spiral', noise: 0.1, size: 400 });
    expect(get().layers).toEqual([]);
    expect(get().trainSettings.epochs).toBe(cell.config.epochs);
  });

  it('writes an author’s edits back into the open cell and autosaves the draft', async () => {
    const { get, db, id } = await opened('author');
    get().setTrainSettings({ learningRate: 0.5 });
    get().syncFromEditors();
    expect(firstExperiment(get().openNotebook!.record.draft).config.learningRate).toBe(0.5);
    await get().flushDraft();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(firstExperiment((await stored(db, id)).draft).config.learningRate).toBe(0.5);
  });

  it('keeps a lesson’s locked fields whatever a student does, and resets to the lesson', async () => {
    const { get, lesson } = await opened('student');
    const cell = firstExperiment(lesson);
    expect(cell.locks).toContain('dataset');
    get().setDatasetSettings({ noise: 0.4 });
    get().setTrainSettings({ learningRate: 0.2 });
    get().syncFromEditors();
    const draft = get().openNotebook!.record.draft;
    const edited = firstExperiment(draft);
    expect(draft.datasets[edited.dataset]).toEqual(lesson.datasets[cell.dataset]);
    expect(edited.config.learningRate).toBe(0.2);

    await get().resetToLesson();
    expect(firstExperiment(get().openNotebook!.record.draft).config.learningRate).toBe(
      cell.config.learningRate,
    );
    expect(get().trainSettings.learningRate).toBe(cell.config.learningRate);
  });

  it('saves versions in a lineage, lists them, and restores an old one as the draft', async () => {
    const { get, db, id, lesson } = await opened('author');
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'Second' } }));
    await get().saveVersion();
    const second = get().openNotebook!.head;
    expect([second.version, second.parent]).toEqual([2, lesson.id]);
    expect((await stored(db, id)).headVersion).toBe(second.id);

    const history = await get().versionHistory();
    expect(history.map((v) => v.version)).toEqual([2, 1]);

    await get().restoreVersion(lesson);
    expect(get().openNotebook!.record.draft.notebook.title).toBe(lesson.notebook.title);
    await get().saveVersion();
    const third = get().openNotebook!.head;
    expect([third.version, third.parent, third.notebook.title]).toEqual([
      3,
      second.id,
      lesson.notebook.title,
    ]);
  });

  it('saves no version when nothing changed', async () => {
    const { get, lesson } = await opened('author');
    await get().saveVersion();
    expect(get().openNotebook!.head.id).toBe(lesson.id);
  });

  it('records a finished run in the draft, for the open cell', async () => {
    const { get, set, lesson } = await opened('author');
    set({
      backend: {
        type: 'ready',
        backend: 'cpu',
        requested: 'cpu',
        reason: '',
        adapter: null,
        renderer: null,
      } as never,
      history: [
        {
          epoch: 1,
          trainLoss: 0.5,
          trainAccuracy: 0.7,
          validationLoss: 0.6,
          validationAccuracy: 0.65,
        },
      ],
    });
    get().noteNotebookTrainStatus('done');
    const runs = get().openNotebook!.record.draft.runs;
    const cell = firstExperiment(lesson);
    const recorded = new Set(lesson.runs.map((r) => r.id));
    const mine = runs.filter((r) => r.cellId === cell.id && !recorded.has(r.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.epochs[0]?.trainLoss).toBe(0.5);
  });

  it('puts the weights that came with the bundle into the model once the worker is ready', async () => {
    const { get, set, sent, lesson } = await opened('author');
    const run = lesson.runs.find((r) => r.weightsKey !== undefined);
    expect(run?.cellId).toBe(firstExperiment(lesson).id);
    expect(get().cellWeights).toMatchObject({ state: 'loading' });
    set({ backend: { type: 'ready', backend: 'cpu' } as never });
    await expect
      .poll(() => sent.find((c) => c.type === 'loadWeights'), { timeout: 5000 })
      .toBeDefined();
    const load = sent.find((c) => c.type === 'loadWeights');
    const reset = sent.findLastIndex((c) => c.type === 'reset');
    // The model is reset first, so the weights land in the cell's model and stay there.
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(reset).toBeLessThan(sent.indexOf(load!));
    expect(load?.type === 'loadWeights' && load.weightSpecs).toEqual(
      (lesson.weights?.[run!.weightsKey!] as { weightSpecs: unknown }).weightSpecs,
    );
  });

  it('does not load shared weights over a run that Run started', async () => {
    const { get, set, sent, lesson } = await opened('author');
    const running = get().runCell(firstExperiment(lesson).id);
    await expect.poll(() => sent.some((c) => c.type === 'start')).toBe(true);
    expect(get().cellWeights).toBeNull();
    set({ backend: { type: 'ready', backend: 'cpu' } as never });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent.some((c) => c.type === 'loadWeights')).toBe(false);
    get().noteNotebookTrainStatus('done');
    expect(await running).toBe(true);
  });

  it('opens the same local copy of a lesson twice, not two', async () => {
    const { get } = await storeWithDb();
    const lesson = await testBundle();
    const first = await get().openLessonBundle(lesson);
    const again = await get().openLessonBundle(lesson);
    expect(again).toBe(first);
  });
});
