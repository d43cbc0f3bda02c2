/**
 * The shipped lessons (public/lessons/) hold what their sources say and keep their promises: each
 * file is a valid bundle with its id, each link is under 4 KB, and each experiment, trained here
 * afresh on the cpu backend, reaches the accuracy its text states along the recorded curve.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/bundle/canonical';
import { verifyContentId } from '../../src/core/bundle/content-id';
import type { Bundle } from '../../src/core/bundle/schema';
import { validateBundle } from '../../src/core/bundle/validate';
import { parseLessonIndex, type LessonEntry } from '../../src/core/notebook/lessons-index';
import type { EpochRecord } from '../../src/core/runs/epoch';
import { REPO_ROOT } from '../lib/paths';
import { LESSON_LINK_BUDGET, datasetOf, experimentsOf, linkBytesOf } from './bundle';
import { brokenPromises, staticProblems } from './build';
import { LESSONS } from './catalog';
import {
  keepsPromise,
  probesOf,
  statedAs,
  sweepsFor,
  type Findings,
  type LessonSource,
} from './lesson';
import { trainExperiment, trainSweep, type TrainedRun } from './train';

const LESSON_DIR = join(REPO_ROOT, 'public/lessons');
const readText = (file: string) => readFileSync(join(LESSON_DIR, file), 'utf8');

function readIndex(): LessonEntry[] {
  const parsed = parseLessonIndex(JSON.parse(readText('index.json')));
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function readBundle(file: string): Bundle {
  const valid = validateBundle(JSON.parse(readText(file)));
  if (!valid.ok) throw valid.error;
  return valid.value;
}

/** Recorded metrics keep 4 significant digits (bundle.ts): a fresh value must round to them. */
function expectSameCurve(fresh: readonly EpochRecord[], recorded: readonly EpochRecord[]): void {
  expect(fresh.map((e) => e.epoch)).toEqual(recorded.map((e) => e.epoch));
  const near = (a: number | null, b: number | null) =>
    a === null || b === null ? a === b : Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(b), 1e-3);
  for (const [i, e] of fresh.entries()) {
    const r = recorded[i] as EpochRecord;
    expect(near(e.trainLoss, r.trainLoss), `epoch ${e.epoch} train loss`).toBe(true);
    expect(near(e.validationLoss, r.validationLoss), `epoch ${e.epoch} validation loss`).toBe(true);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the lesson gallery', () => {
  it('lists every lesson source, in teaching order, and the app can parse it', () => {
    const index = readIndex();
    expect(index.map((entry) => entry.slug)).toEqual(LESSONS.map((lesson) => lesson.slug));
    expect(index.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a lesson whose text does not state its promise, or that promises nothing', async () => {
    const [source] = LESSONS as [LessonSource];
    const bundle = readBundle(`${source.slug}.json`);
    const [promise] = source.promises as [LessonSource['promises'][number]];
    const silent: LessonSource = {
      ...source,
      cells: source.cells.map((cell) =>
        cell.type === 'markdown'
          ? { ...cell, text: cell.text.replaceAll(statedAs(promise), 'a lot') }
          : cell,
      ),
    };
    expect(staticProblems(silent, bundle).join('\n')).toMatch(/does not say/);
    const empty = { ...source, promises: [] };
    expect(staticProblems(empty, bundle).join('\n')).toMatch(/promises nothing/);
  });

  it('a run short of its promise breaks it', () => {
    const epoch = (accuracy: number, validationLoss = 0.5): EpochRecord[] => [
      {
        epoch: 1,
        trainLoss: 0.5,
        trainAccuracy: 0.8,
        validationLoss,
        validationAccuracy: accuracy,
      },
    ];
    const cellId = 'x';
    const runs = { x: { epochs: epoch(0.79) }, y: { epochs: epoch(0.4) }, none: { epochs: [] } };
    const keeps = (
      promise: Parameters<typeof keepsPromise>[0],
      given: Record<string, Findings> = runs,
    ) => keepsPromise(promise, given).kept;
    expect(keeps({ cellId, metric: 'validationAccuracy', atLeast: 0.8 })).toBe(false);
    expect(keeps({ cellId, metric: 'trainAccuracy', atLeast: 0.8 })).toBe(true);
    expect(keeps({ cellId, metric: 'validationAccuracy', atMost: 0.7 })).toBe(false);
    expect(keeps({ cellId: 'none', metric: 'trainAccuracy', atLeast: 0.1 })).toBe(false);

    const ahead = { kind: 'ahead', cellId, metric: 'validationAccuracy', of: 'y' } as const;
    expect(keeps({ ...ahead, by: 0.39 })).toBe(true);
    expect(keeps({ ...ahead, by: 0.4 })).toBe(false);
    expect(keeps({ ...ahead, of: 'none', by: 0 })).toBe(false);

    // The bigram's loss must still be the one the text states, and the model's must be below it.
    const bigram = { kind: 'bigram', cellId, bigramLoss: 2.46 } as const;
    const withBigram = (loss: number, bigramLoss: number) => ({
      x: { epochs: epoch(0.3, loss), bigramLoss },
    });
    expect(keeps(bigram, withBigram(2.3, 2.4612))).toBe(true);
    expect(keeps(bigram, withBigram(2.47, 2.4612))).toBe(false);
    expect(keeps(bigram, withBigram(2.3, 2.4712))).toBe(false);
    expect(keeps(bigram)).toBe(false);

    // A cliff: a sweep run at or above 0.9, and one at a larger value at or below 0.6.
    const cliff = { kind: 'cliff', cellId, metric: 'validationAccuracy' } as const;
    const swept = (...trials: [number, number][]) => ({
      x: {
        epochs: [],
        sweep: trials.map(([value, accuracy]) => ({
          values: [value],
          last: epoch(accuracy)[0],
        })),
      },
    });
    const bounds = { atLeast: 0.9, atMost: 0.6 };
    expect(keeps({ ...cliff, ...bounds }, swept([0.1, 0.5], [1, 0.95], [3, 0.5]))).toBe(true);
    expect(keeps({ ...cliff, ...bounds }, swept([0.1, 0.5], [1, 0.95], [3, 0.61]))).toBe(false);
    // The fall must come at a larger value than the success, not before it.
    expect(keeps({ ...cliff, ...bounds }, swept([0.1, 0.5], [1, 0.95]))).toBe(false);
    expect(keeps({ ...cliff, ...bounds })).toBe(false);

    const attention = { kind: 'attention', cellId, task: 'copy', atLeast: 0.6 } as const;
    expect(keeps(attention, { x: { epochs: epoch(1), attentionMass: 0.61 } })).toBe(true);
    expect(keeps(attention, { x: { epochs: epoch(1), attentionMass: 0.59 } })).toBe(false);
    expect(keeps(attention)).toBe(false);
  });
});

describe.each(LESSONS.map((source) => ({ slug: source.slug, source })))(
  'lesson $slug',
  ({ source }) => {
    const file = `${source.slug}.json`;

    it('ships as a valid canonical bundle, with its id, its source and a link under 4 KB', async () => {
      const text = readText(file);
      const json: unknown = JSON.parse(text);
      expect(canonicalJson(json)).toBe(text);
      const bundle = readBundle(file);
      expect((await verifyContentId(json as Record<string, unknown>)).ok).toBe(true);
      expect(bundle.weights).toBeUndefined();
      expect(bundle.notebook.authors).toEqual(['Gradlab']);
      expect(canonicalJson(bundle.notebook.cells)).toBe(canonicalJson(source.cells));
      const used = experimentsOf(source).map((cell) => [cell.dataset, datasetOf(source, cell)]);
      expect(canonicalJson(bundle.datasets)).toBe(canonicalJson(Object.fromEntries(used)));

      const entry = readIndex().find((e) => e.slug === source.slug);
      expect(entry).toMatchObject({ file, title: bundle.notebook.title, level: source.level });
      expect(entry?.linkBytes).toBe(linkBytesOf(bundle));
      expect(linkBytesOf(bundle)).toBeLessThan(LESSON_LINK_BUDGET);
      expect(staticProblems(source, bundle)).toEqual([]);
    });

    it('trains every experiment to its promise along the recorded curve', async () => {
      const bundle = readBundle(file);
      const trained: Record<string, TrainedRun> = {};
      for (const cell of experimentsOf(source)) {
        const ref = bundle.datasets[cell.dataset];
        const shipped = bundle.notebook.cells.find((c) => c.id === cell.id);
        const recorded = bundle.runs.filter((run) => run.cellId === cell.id);
        expect(ref).toBeDefined();
        expect(shipped?.type).toBe('experiment');
        expect(recorded).toHaveLength(1);
        expect(recorded[0]).toMatchObject({ backend: 'cpu', adapter: null });
        if (ref === undefined || shipped?.type !== 'experiment') continue;
        const fresh = await trainExperiment(shipped, ref, probesOf(source.promises, cell.id));
        if (sweepsFor(source.promises, cell.id)) fresh.sweep = await trainSweep(shipped, ref);
        trained[cell.id] = fresh;
        expectSameCurve(fresh.epochs, recorded[0]?.epochs ?? []);
      }
      expect(brokenPromises(source, trained)).toEqual([]);
    }, 240_000);
  },
);
