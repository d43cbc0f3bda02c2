/**
 * Every shipped lesson, opened as the gallery opens it (its file read by the lesson client, its
 * student's notebook made and shown), trains on the dataset its bundle names: the data the app
 * prepares for each experiment (generator, size, classes, or the shipped set and its limit) and
 * the output layer of the model the worker is sent.
 */
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDigits, packDigits } from '../../../scripts/datasets/mnist';
import { packNames } from '../../../scripts/datasets/text';
import lessonIndex from '../../../public/lessons/index.json';
import { canonicalJson } from '../../core/bundle/canonical';
import type { Bundle, ExperimentCell } from '../../core/bundle/schema';
import type { DatasetRef } from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { sequenceInfo } from '../../core/data/info';
import { encodePacked, type PackedDataset } from '../../core/data/packed';
import { sourceKeyOf, versionFields } from '../../core/data/stored-dataset';
import { sha256Hex } from '../../core/hash';
import type { WorkerCommand } from '../../core/protocol';
import { ok } from '../../core/result';
import { CPU_READY } from '../../core/test-events';
import { appDb } from '../../storage/app-db';
import { saveDataset } from '../../storage/datasets-repo';
import { openGradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import { loadLesson } from '../home/lessons-client';

const LESSONS = new URL('../../../public/lessons/', import.meta.url);

beforeAll(async () => {
  // The lesson client reads the app's lessons/ folder; here that is public/lessons.
  vi.stubGlobal('fetch', async (url: string) => {
    const file = new URL(url.replace(/^\.\/lessons\//, ''), LESSONS);
    return new Response(await readFile(file));
  });
  // MNIST-10k and the names as the app stores them on first use, so limits and sizes can be
  // checked.
  await store(packDigits(loadDigits()), 'mnist-10k');
  await store(packNames().packed, 'names');
}, 60_000);

async function store(packed: PackedDataset, name: 'mnist-10k' | 'names') {
  const bytes = encodePacked(packed);
  const db = await appDb();
  if (!db.ok) throw db.error;
  const source = { kind: 'shipped', name } as const;
  const at = '2026-01-01T00:00:00.000Z';
  const { classNames } = packed.header;
  const sha256 = await sha256Hex(bytes);
  const saved = await saveDataset(
    db.value,
    {
      sha256,
      ...versionFields(sha256, at),
      name: packed.header.name,
      header: packed.header,
      source,
      sourceKey: sourceKeyOf(source),
      sourceSha256: null,
      createdAt: at,
      lastUsed: at,
      classCounts:
        packed.header.task === 'classification'
          ? classNames.map((_, c) => packed.y.filter((y) => y === c).length)
          : [],
      columns: null,
      notes: [],
    },
    bytes,
  );
  if (!saved.ok) throw saved.error;
}

afterAll(() => {
  vi.unstubAllGlobals();
});

async function opened(slug: string) {
  const lesson = await loadLesson(slug);
  if (!lesson.ok) throw lesson.error;
  const db = await openGradlabDb({ name: `lesson-${crypto.randomUUID()}` });
  if (!db.ok) throw db.error;
  const store = createTestStore({ openDb: async () => ok(db.value) });
  await store.get().refreshStoredDatasets();
  const id = await store.get().openLessonBundle(lesson.value);
  if (id === null) throw new Error(String(store.get().notebookError));
  await store.get().loadNotebook(id);
  store.get().applyEvents([CPU_READY]);
  return { ...store, bundle: lesson.value };
}

const experiments = (bundle: Bundle): ExperimentCell[] =>
  bundle.notebook.cells.filter((c): c is ExperimentCell => c.type === 'experiment');

/** The task, the classes (or the vocabulary) and the examples a dataset ref names. */
function named(ref: DatasetRef): { task: string; classes: number; n: number } {
  switch (ref.kind) {
    case 'builtin':
      return {
        task: 'classification',
        classes: ref.params.classes ?? GENERATOR_INFO[ref.generator].defaultClasses,
        n: ref.params.size,
      };
    case 'sequence': {
      const info = sequenceInfo(ref);
      return { task: 'sequence', classes: info.numClasses, n: ref.params.size };
    }
    case 'shipped': {
      if (ref.name === 'names') {
        const { header } = packNames().packed;
        const n = Math.min(ref.limit ?? header.count, header.count);
        return { task: 'sequence', classes: header.tokenizer?.vocab.length ?? 0, n };
      }
      // Else MNIST-10k: ten digits, 10,000 examples.
      expect(ref.name).toBe('mnist-10k');
      return { task: 'classification', classes: 10, n: Math.min(ref.limit ?? 10_000, 10_000) };
    }
    default:
      throw new Error(`a shipped lesson names a ${ref.kind} dataset`);
  }
}

/** The model the worker was last told to build. */
function lastJob(sent: WorkerCommand[]) {
  const command = sent.findLast((c) => c.type === 'reset');
  if (command?.type !== 'reset') throw new Error('no model was sent to the worker');
  return command.job;
}

describe('shipped lessons', () => {
  it('lists ten lessons', () => {
    expect(lessonIndex.map((l) => l.slug)).toHaveLength(10);
  });

  it.each(lessonIndex.map((l) => [l.slug]))(
    '%s trains each experiment on the data its bundle names',
    async (slug) => {
      const { get, sent, bundle } = await opened(slug);
      for (const cell of experiments(bundle)) {
        const ref = bundle.datasets[cell.dataset];
        if (ref === undefined) throw new Error(`no dataset ${cell.dataset}`);
        const { task, classes, n } = named(ref);
        expect(get().openCell(cell.id)).toBe(true);
        expect(get().editor.experiment.dataset).toEqual(ref);
        await vi.waitFor(() => {
          expect(get().prepared.key).toBe(canonicalJson(ref));
          expect(get().prepared.info).not.toBeNull();
        });
        const { prepared } = get();
        expect(prepared.info).toMatchObject({ task, numClasses: classes, n });
        if (ref.kind === 'builtin') {
          // The points themselves, as generated: their count and the classes they fall in.
          const points = prepared.points;
          if (points?.task !== 'classification') throw new Error('no points generated');
          expect(points.n).toBe(n);
          expect(points.numClasses).toBe(classes);
          expect(new Set(points.labels).size).toBe(classes);
          expect(prepared.info?.name).toBe(GENERATOR_INFO[ref.generator].label);
          expect(prepared.loadable).toEqual(ref);
        } else if (ref.kind === 'sequence') {
          expect(prepared.loadable).toEqual(ref);
        } else if (task === 'sequence') {
          expect(prepared.record?.header.tokenizer?.vocab).toHaveLength(classes);
        } else {
          expect(prepared.record?.header.classNames).toHaveLength(classes);
        }
        const layers = get().editor.experiment.model.layers;
        expect(layers.at(-1)).toMatchObject({ type: 'dense', units: classes });
        expect(cell.model.layers.at(-1)).toMatchObject({ units: classes });
        // Cells that differ only in training settings share the model already on the worker.
        await vi.waitFor(() => {
          const job = lastJob(sent);
          expect(job.experiment.dataset).toEqual(ref);
          expect(job.experiment.model.layers.at(-1)).toMatchObject({ units: classes });
        });
      }
    },
    30_000,
  );
});
