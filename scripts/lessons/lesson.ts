/**
 * A lesson as its author writes it: the notebook's cells with their datasets, the gallery entry,
 * and the promises its text makes. The promises stay here, in the source, and never travel in the
 * bundle: they are what the build and the unit test hold each experiment to.
 */
import type { ExperimentCell, MarkdownCell } from '../../src/core/bundle/schema';
import type { DatasetRef } from '../../src/core/data/dataset';
import type { LessonLevel } from '../../src/core/notebook/lessons-index';
import type { EpochRecord } from '../../src/core/runs/epoch';

/** The final-epoch metrics a promise can speak of: accuracies, which students read as percents. */
export type PromisedMetric = 'trainAccuracy' | 'validationAccuracy';

/**
 * What an experiment's last epoch must reach (`atLeast`) or stay under (`atMost`). The markdown
 * next to the experiment states the same bound as a whole percent ("above 90%").
 */
export type LessonPromise = { cellId: string; metric: PromisedMetric } & (
  { atLeast: number; atMost?: never } | { atMost: number; atLeast?: never }
);

export interface LessonSource {
  slug: string;
  title: string;
  /** One or two sentences for the gallery. */
  summary: string;
  level: LessonLevel;
  /** About how long a student spends on it, reading and training. */
  minutes: number;
  datasets: Record<string, DatasetRef>;
  /** Markdown and experiment cells, alternating, markdown first. */
  cells: (MarkdownCell | ExperimentCell)[];
  promises: LessonPromise[];
}

/** The promised bound as the text says it: a whole percent. */
export const percentOf = (promise: LessonPromise): string =>
  `${Math.round((promise.atLeast ?? promise.atMost) * 100)}%`;

/** Whether a run's last epoch keeps the promise; a run without epochs keeps none. */
export function keepsPromise(promise: LessonPromise, epochs: readonly EpochRecord[]): boolean {
  const value = epochs.at(-1)?.[promise.metric];
  if (value === null || value === undefined) return false;
  return promise.atLeast !== undefined ? value >= promise.atLeast : value <= promise.atMost;
}

/** The markdown cells either side of an experiment: where its promise must be written. */
export function textAround(source: LessonSource, cellId: string): string {
  const at = source.cells.findIndex((cell) => cell.id === cellId);
  return [source.cells[at - 1], source.cells[at + 1]]
    .map((cell) => (cell?.type === 'markdown' ? cell.text : ''))
    .join('\n');
}
