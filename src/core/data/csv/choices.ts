/**
 * The choices a CSV import makes: whether the first row names the columns, which column is the
 * target and which task it is. Packing is deterministic, so the same file imported with the same
 * choices gives the same bytes and the same SHA-256; a shared notebook names them so the file can
 * be imported again exactly as its author did.
 */
import * as v from 'valibot';
import { CSV_LIMITS } from './parse';

/** Whether the CSV's first row names the columns: detected, or as the user says. */
export const HEADER_CHOICES = ['auto', 'present', 'absent'] as const;
export type HeaderChoice = (typeof HEADER_CHOICES)[number];

export const TASK_CHOICES = ['auto', 'classification', 'regression'] as const;
export type TaskChoice = (typeof TASK_CHOICES)[number];

export interface CsvChoices {
  header: HeaderChoice;
  /** Index of the target column. */
  target: number;
  task: TaskChoice;
}

export const CsvChoicesSchema = v.object({
  header: v.picklist(HEADER_CHOICES),
  target: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(CSV_LIMITS.columns - 1)),
  task: v.picklist(TASK_CHOICES),
});
