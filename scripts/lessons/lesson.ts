/**
 * A lesson as its author writes it: the notebook's cells with their datasets, the gallery entry,
 * and the promises its text makes. The promises stay here, in the source, and never travel in the
 * bundle: they are what the build and the unit test hold each experiment to.
 */
import type { ExperimentCell, MarkdownCell } from '../../src/core/bundle/schema';
import type { DatasetRef } from '../../src/core/data/dataset';
import type { LessonLevel } from '../../src/core/notebook/lessons-index';
import type { EpochRecord } from '../../src/core/runs/epoch';
import type { SweepValue } from '../../src/core/sweep/sweep';

/** The final-epoch metrics a promise can speak of: accuracies, which students read as percents. */
export type PromisedMetric = 'trainAccuracy' | 'validationAccuracy';

/** The toy tasks whose answer sits at a known place in the prompt: where attention should look. */
export type LookingTask = 'copy' | 'reverse';

/**
 * What an experiment's run must show, each stated in the markdown next to the experiment (the
 * build checks the words are there, `statedAs`):
 * - a bound: the last epoch's metric reaches `atLeast` or stays under `atMost` ("above 90%");
 * - `ahead`: the last epoch's metric beats experiment `of`'s by at least `by` ("40 points");
 * - `bigram`: the last validation loss is below the bigram baseline's on the same validation
 *   examples; the text states that baseline, `bigramLoss`, to two decimals, and the build checks
 *   the data still gives it;
 * - `attention`: a head of the model's attention puts at least `atLeast` of its weight, on
 *   average over the validation answers, on the prompt position the answer token comes from;
 * - `cliff`: the cell's sweep, each of its trials trained, has a run whose last metric reaches
 *   `atLeast` and a run at a larger value of its one field whose metric falls to `atMost` or
 *   below: the cliff its text asks the student to find lies inside the plan's values. The text
 *   states `atMost` (the bound on the other side is the cell's own promise's).
 */
export type LessonPromise =
  | ({ kind?: undefined; cellId: string; metric: PromisedMetric } & (
      { atLeast: number; atMost?: never } | { atMost: number; atLeast?: never }
    ))
  | { kind: 'ahead'; cellId: string; metric: PromisedMetric; of: string; by: number }
  | { kind: 'bigram'; cellId: string; bigramLoss: number }
  | { kind: 'attention'; cellId: string; task: LookingTask; atLeast: number }
  | { kind: 'cliff'; cellId: string; metric: PromisedMetric; atLeast: number; atMost: number };

/** One trial of a cell's sweep, trained: its values and its last epoch. */
export interface TrialFinding {
  values: SweepValue[];
  last: EpochRecord | undefined;
}

/** What a trained experiment showed, as the promises read it. */
export interface Findings {
  epochs: readonly EpochRecord[];
  /** The bigram baseline's loss on the run's validation examples (sequence data). */
  bigramLoss?: number;
  /** The best attention head's mean weight on the expected prompt positions (copy, reverse). */
  attentionMass?: number;
  /** The cell's sweep, trial by trial in the plan's order (a `cliff` promise). */
  sweep?: TrialFinding[];
}

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

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** What the text around the experiment must say for the promise: a percent, points or a loss. */
export function statedAs(promise: LessonPromise): string {
  switch (promise.kind) {
    case undefined:
      return percent(promise.atLeast ?? promise.atMost);
    case 'ahead':
      return `${Math.round(promise.by * 100)} points`;
    case 'bigram':
      return promise.bigramLoss.toFixed(2);
    case 'attention':
      return percent(promise.atLeast);
    case 'cliff':
      return percent(promise.atMost);
  }
}

/** Whether a promise about the cell needs its sweep trained. */
export const sweepsFor = (promises: readonly LessonPromise[], cellId: string): boolean =>
  promises.some((promise) => promise.cellId === cellId && promise.kind === 'cliff');

/** What a promise needs measured beyond the curve, so training measures only that. */
export function probesOf(
  promises: readonly LessonPromise[],
  cellId: string,
): LookingTask | 'bigram' | null {
  const mine = promises.filter((promise) => promise.cellId === cellId);
  const looking = mine.find((promise) => promise.kind === 'attention');
  if (looking?.kind === 'attention') return looking.task;
  return mine.some((promise) => promise.kind === 'bigram') ? 'bigram' : null;
}

const lastOf = (findings: Findings | undefined, metric: PromisedMetric | 'validationLoss') =>
  findings?.epochs.at(-1)?.[metric] ?? null;

/**
 * Whether the runs keep the promise, and what they showed; a run without epochs (or without the
 * measure the promise needs) keeps none.
 */
export function keepsPromise(
  promise: LessonPromise,
  runs: Readonly<Record<string, Findings>>,
): { kept: boolean; shown: string } {
  const mine = runs[promise.cellId];
  const show = (value: number | null | undefined) =>
    (value ?? null) === null ? '-' : String(value);
  switch (promise.kind) {
    case undefined: {
      const value = lastOf(mine, promise.metric);
      const kept =
        value !== null &&
        (promise.atLeast !== undefined ? value >= promise.atLeast : value <= promise.atMost);
      return { kept, shown: `${promise.metric} ${show(value)}` };
    }
    case 'ahead': {
      const value = lastOf(mine, promise.metric);
      const other = lastOf(runs[promise.of], promise.metric);
      const kept = value !== null && other !== null && value - other >= promise.by;
      return { kept, shown: `${promise.metric} ${show(value)} against ${show(other)}` };
    }
    case 'bigram': {
      const loss = lastOf(mine, 'validationLoss');
      const bigram = mine?.bigramLoss;
      const kept =
        loss !== null &&
        bigram !== undefined &&
        bigram.toFixed(2) === promise.bigramLoss.toFixed(2) &&
        loss < bigram;
      return { kept, shown: `validation loss ${show(loss)}, bigram ${show(bigram)}` };
    }
    case 'attention': {
      const mass = mine?.attentionMass;
      return {
        kept: mass !== undefined && mass >= promise.atLeast,
        shown: `attention on the expected positions ${show(mass)}`,
      };
    }
    case 'cliff': {
      const trials = (mine?.sweep ?? []).flatMap(({ values, last }) => {
        const [value] = values;
        const metric = last?.[promise.metric] ?? null;
        return typeof value === 'number' && metric !== null ? [{ value, metric }] : [];
      });
      const kept = trials.some(
        (high) =>
          high.metric >= promise.atLeast &&
          trials.some((low) => low.value > high.value && low.metric <= promise.atMost),
      );
      const each = trials.map(({ value, metric }) => `${value}: ${metric}`).join(', ');
      return { kept, shown: `${promise.metric} over the sweep ${each === '' ? '-' : each}` };
    }
  }
}

/** The promise in words, for a build that reports it broken. */
export function describePromise(promise: LessonPromise): string {
  switch (promise.kind) {
    case undefined:
      return `${promise.metric} ${promise.atLeast !== undefined ? 'at least' : 'at most'} ${statedAs(promise)}`;
    case 'ahead':
      return `${promise.metric} ${statedAs(promise)} ahead of ${promise.of}`;
    case 'bigram':
      return `validation loss below the bigram's ${statedAs(promise)}`;
    case 'attention':
      return `attention at least ${statedAs(promise)} on the ${promise.task} positions`;
    case 'cliff':
      return `a sweep run at least ${percent(promise.atLeast)}, a later one at most ${statedAs(promise)}`;
  }
}

/** The markdown cells either side of an experiment: where its promise must be written. */
export function textAround(source: LessonSource, cellId: string): string {
  const at = source.cells.findIndex((cell) => cell.id === cellId);
  return [source.cells[at - 1], source.cells[at + 1]]
    .map((cell) => (cell?.type === 'markdown' ? cell.text : ''))
    .join('\n');
}
