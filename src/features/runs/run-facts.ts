/** What the runs table shows of a run, and the rules for names and tags the user types. */
import type { DatasetRef } from '../../core/data/dataset';
import { datasetRefName } from '../../core/data/ref';
import type { StoredRun } from '../../core/runs/stored-run';

export const NAME_MAX_LENGTH = 200;
export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `<dataset> · YYYY-MM-DD HH:MM` in local time, so runs of one session tell apart by minute. */
export function defaultRunName(ref: DatasetRef, at: Date): string {
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${datasetRefName(ref)} · ${date} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export const finalLoss = (run: StoredRun): number | null => run.epochs.at(-1)?.trainLoss ?? null;

export const finalValAccuracy = (run: StoredRun): number | null =>
  run.epochs.at(-1)?.validationAccuracy ?? null;

/** A trimmed name, or null when nothing is left (the old name stays). */
export function cleanName(text: string): string | null {
  const name = text.trim().slice(0, NAME_MAX_LENGTH);
  return name === '' ? null : name;
}

/** Comma-separated tags: trimmed, empty ones dropped, repeats dropped, each and all capped. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().slice(0, TAG_MAX_LENGTH))
    .filter((t) => t !== '');
  return [...new Set(tags)].slice(0, TAGS_MAX);
}
