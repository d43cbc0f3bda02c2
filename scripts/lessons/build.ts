/**
 * One lesson from source to shipped bundle: train its experiments, check every promise and the
 * text that states it, the link budget and the bundle's own validation, and say what went wrong.
 */
import { canonicalJson } from '../../src/core/bundle/canonical';
import type { Bundle, RunRecord } from '../../src/core/bundle/schema';
import { validateBundle } from '../../src/core/bundle/validate';
import type { LessonEntry } from '../../src/core/notebook/lessons-index';
import { formatValue } from '../../src/core/sweep/values';
import {
  LESSON_LINK_BUDGET,
  datasetOf,
  experimentsOf,
  lessonBundle,
  linkBytesOf,
  runRecordOf,
} from './bundle';
import {
  describePromise,
  keepsPromise,
  probesOf,
  statedAs,
  sweepsFor,
  textAround,
  type LessonSource,
} from './lesson';
import { trainExperiment, trainSweep, type TrainedRun } from './train';

export interface BuiltLesson {
  bundle: Bundle;
  entry: LessonEntry;
  report: { cellId: string; run: TrainedRun }[];
  /** Why this lesson must not ship; empty when it may. */
  problems: string[];
}

/** What a lesson's text and bundle break, whatever its runs did. */
export function staticProblems(source: LessonSource, bundle: Bundle): string[] {
  const problems: string[] = [];
  const cells = experimentsOf(source).map((cell) => cell.id);
  for (const promise of source.promises) {
    const named = promise.kind === 'ahead' ? [promise.cellId, promise.of] : [promise.cellId];
    const unknown = named.find((id) => !cells.includes(id));
    if (unknown !== undefined) {
      problems.push(`${source.slug}: a promise names no experiment ${unknown}`);
    } else if (!textAround(source, promise.cellId).includes(statedAs(promise))) {
      problems.push(
        `${source.slug}: the text around ${promise.cellId} does not say ${statedAs(promise)}`,
      );
    }
  }
  for (const id of cells) {
    if (!source.promises.some((promise) => promise.cellId === id)) {
      problems.push(`${source.slug}: experiment ${id} promises nothing`);
    }
  }
  const valid = validateBundle(JSON.parse(JSON.stringify(bundle)));
  if (!valid.ok) problems.push(`${source.slug}: ${valid.error.message}`);
  // Shipped exactly as the app reads it, so saving an opened lesson changes nothing.
  else if (canonicalJson(valid.value) !== canonicalJson(bundle)) {
    problems.push(`${source.slug}: validation changes the bundle; write it out in full`);
  }
  const bytes = linkBytesOf(bundle);
  if (bytes >= LESSON_LINK_BUDGET) {
    problems.push(`${source.slug}: its link is ${bytes} bytes, over ${LESSON_LINK_BUDGET}`);
  }
  return problems;
}

export async function buildLesson(source: LessonSource): Promise<BuiltLesson> {
  const report: BuiltLesson['report'] = [];
  const runs: RunRecord[] = [];
  const trained: Record<string, TrainedRun> = {};
  for (const cell of experimentsOf(source)) {
    const probing = probesOf(source.promises, cell.id);
    const run = await trainExperiment(cell, datasetOf(source, cell), probing);
    if (sweepsFor(source.promises, cell.id))
      run.sweep = await trainSweep(cell, datasetOf(source, cell));
    report.push({ cellId: cell.id, run });
    runs.push(runRecordOf(cell, run));
    trained[cell.id] = run;
  }
  const problems = brokenPromises(source, trained);
  const bundle = await lessonBundle(source, runs);
  problems.push(...staticProblems(source, bundle));
  const entry: LessonEntry = {
    slug: source.slug,
    file: `${source.slug}.json`,
    title: source.title,
    summary: source.summary,
    level: source.level,
    minutes: source.minutes,
    linkBytes: linkBytesOf(bundle),
  };
  return { bundle, entry, report, problems };
}

/** The promises the trained runs break, each with what its run showed. */
export function brokenPromises(
  source: LessonSource,
  trained: Readonly<Record<string, TrainedRun>>,
): string[] {
  return source.promises.flatMap((promise) => {
    const { kept, shown } = keepsPromise(promise, trained);
    return kept
      ? []
      : [
          `${source.slug}: ${promise.cellId} ended with ${shown}, breaking its promise (${describePromise(promise)})`,
        ];
  });
}

/** One line per run: its time and its last epoch's metrics, for the author to read. */
export function describeRun({ cellId, run }: BuiltLesson['report'][number]): string {
  const last = run.epochs.at(-1);
  const pct = (value: number | null | undefined) =>
    value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
  return (
    `${cellId}: ${run.epochs.length} epochs in ${(run.durationMs / 1000).toFixed(1)} s, ` +
    `train ${pct(last?.trainAccuracy)}, validation ${pct(last?.validationAccuracy)}, ` +
    `loss ${last?.trainLoss.toFixed(3) ?? '-'}, validation loss ${last?.validationLoss?.toFixed(3) ?? '-'}` +
    (run.bigramLoss === undefined ? '' : `, bigram ${run.bigramLoss.toFixed(3)}`) +
    (run.attentionMass === undefined ? '' : `, attention ${pct(run.attentionMass)}`) +
    (run.sweep === undefined
      ? ''
      : `, sweep ${run.sweep.map((t) => `${t.values.map(formatValue).join(' ')}: ${pct(t.last?.validationAccuracy)}`).join(', ')}`)
  );
}
