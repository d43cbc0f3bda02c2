/**
 * What changed between two versions of a notebook, worded for the version history: the title and
 * authors, cells added, removed and moved, and per changed cell the fields that changed, each as
 * a short before and after text. Cells are matched by id. Pure and deterministic; values are
 * rendered as numbers are written and objects as compact (canonical) JSON, cut to a line.
 */
import { canonicalJson } from '../bundle/canonical';
import type { Bundle, Cell, ExperimentCell, MarkdownCell, RunRecord } from '../bundle/schema';
import type { DatasetRef } from '../data/dataset';
import { GENERATOR_INFO } from '../data/generators';
import { datasetRefName } from '../data/ref';
import type { LayerSpec } from '../model/spec';
import { CONFIG_FIELDS } from '../experiment/locks';
import { counted } from '../plural';

export interface FieldChange {
  /** Where in the cell, as messages show paths: `config.learningRate`, `model.layers[2].units`. */
  path: string;
  before: string;
  after: string;
  /** What kind of change, when before and after alone do not say: "layer added", "3 lines changed". */
  note?: string;
}

export interface CellEntry {
  id: string;
  /** One line: `Text: Introduction`, `Experiment on spiral, ...`. */
  summary: string;
}

export interface CellMove extends CellEntry {
  /** Its index in the earlier notebook's cells and in the later one's. */
  from: number;
  to: number;
}

export interface CellChange extends CellEntry {
  fields: FieldChange[];
}

export interface NotebookDiff {
  title: { before: string; after: string } | null;
  authors: { before: string; after: string } | null;
  /** In the later notebook's order. */
  added: CellEntry[];
  /** In the earlier notebook's order. */
  removed: CellEntry[];
  /** The cells whose order among the kept cells changed (the fewest that explain it). */
  moved: CellMove[];
  /** In the later notebook's order. */
  changed: CellChange[];
  /** Runs recorded or dropped, by run id; a run never changes once recorded. */
  runsAdded: CellEntry[];
  runsRemoved: CellEntry[];
}

/** Shown for a value that is not there: a layer before it was added, an unset field. */
export const ABSENT = '(none)';
const MAX_VALUE_LENGTH = 120;
const MAX_SUMMARY_LENGTH = 60;

const clip = (text: string, max = MAX_VALUE_LENGTH): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** A value as one short line: numbers as written, text as it is, objects as compact JSON. */
export function renderValue(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (typeof value === 'string') return clip(value);
  return clip(canonicalJson(value));
}

/** Whether two values are equal as JSON; a missing value equals only another missing one. */
const same = (a: unknown, b: unknown): boolean =>
  a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);

const names = (list: readonly string[] | undefined): string =>
  list === undefined || list.length === 0 ? ABSENT : clip(list.join(', '));

const datasetOf = (datasets: Bundle['datasets'], key: string): DatasetRef | undefined =>
  Object.hasOwn(datasets, key) ? datasets[key] : undefined;

/** A dataset in a few words: `spiral, 400 points, noise 0.1`, `iris, first 50 examples`. */
export function describeDataset(ref: DatasetRef | undefined, key: string): string {
  if (ref === undefined) return `${clip(key, 40)} (missing)`;
  const name = clip(datasetRefName(ref), 60);
  let text: string;
  switch (ref.kind) {
    case 'builtin': {
      const { size, noise, classes } = ref.params;
      text = `${name}, ${counted(size, 'point')}, noise ${noise}`;
      if (GENERATOR_INFO[ref.generator].classesEditable && classes !== undefined) {
        text += `, ${counted(classes, 'class', 'classes')}`;
      }
      break;
    }
    case 'sequence': {
      const { size, length, vocab } = ref.params;
      text = `${name}, ${counted(size, 'example')}, length ${length}, vocabulary ${vocab}`;
      break;
    }
    case 'shipped':
      text = name;
      break;
    case 'local':
      text = `${name} (stored in this browser)`;
      break;
    case 'url':
      text = `${name} (${ref.format}, downloaded)`;
      break;
    case 'inline':
      text = `${name} (CSV in the notebook)`;
      break;
  }
  const limit = 'limit' in ref ? ref.limit : undefined;
  return limit === undefined ? text : `${text}, first ${counted(limit, 'example')}`;
}

/** Heading, quote and list markers at the start of a line, which a summary leaves out. */
const MARKDOWN_MARKERS = /^\s*(?:(?:#{1,6}|>|[-*+]|\d+[.)])(?:\s+|$))*/;

function firstLine(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.replace(MARKDOWN_MARKERS, '').trim())
    .find((l) => l !== '');
  return line === undefined ? '' : clip(line, MAX_SUMMARY_LENGTH);
}

/** One line naming a cell, for lists of added, removed and moved cells. */
export function cellSummary(cell: Cell, datasets: Bundle['datasets']): string {
  if (cell.type === 'markdown') {
    const line = firstLine(cell.text);
    return line === '' ? 'Text (empty)' : `Text: ${line}`;
  }
  const { optimizer, learningRate, epochs } = cell.config;
  return (
    `Experiment on ${describeDataset(datasetOf(datasets, cell.dataset), cell.dataset)}: ` +
    `${counted(cell.model.layers.length, 'layer')}, ${optimizer}, rate ${learningRate}, ${counted(epochs, 'epoch')}`
  );
}

/** Lines kept at both ends, and the first changed line on each side, so huge texts stay cheap. */
function textChange(before: string, after: string): FieldChange {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  const removed = a.length - start - end;
  const added = b.length - start - end;
  const note =
    removed === 0
      ? `${counted(added, 'line')} added`
      : added === 0
        ? `${counted(removed, 'line')} removed`
        : `${counted(Math.max(added, removed), 'line')} changed`;
  const line = (lines: string[], count: number) =>
    count === 0 ? ABSENT : clip(lines[start] ?? '') || '(empty line)';
  return { path: 'text', before: line(a, removed), after: line(b, added), note };
}

/** Fields of two objects outside `known`, compared as JSON, in key order. */
function otherFields(
  before: object,
  after: object,
  known: readonly string[],
  path: (key: string) => string,
): FieldChange[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => !known.includes(key))
    .sort();
  return keys
    .filter((key) => !same(a[key], b[key]))
    .map((key) => ({ path: path(key), before: renderValue(a[key]), after: renderValue(b[key]) }));
}

function layerChange(before: LayerSpec, after: LayerSpec, index: number): FieldChange[] {
  const path = `model.layers[${index}]`;
  if (before.type !== after.type) {
    return [
      { path, before: renderValue(before), after: renderValue(after), note: 'layer replaced' },
    ];
  }
  return otherFields(before, after, [], (key) => `${path}.${key}`);
}

/**
 * Layer by layer: the layers equal at both ends are matched, and the ones between are compared
 * in pairs, the longer side's rest being layers added or removed.
 */
function layerChanges(before: readonly LayerSpec[], after: readonly LayerSpec[]): FieldChange[] {
  let start = 0;
  while (start < before.length && start < after.length && same(before[start], after[start]))
    start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    same(before[before.length - 1 - end], after[after.length - 1 - end])
  ) {
    end++;
  }
  const a = before.slice(start, before.length - end);
  const b = after.slice(start, after.length - end);
  const out: FieldChange[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const path = `model.layers[${start + i}]`;
    if (x !== undefined && y !== undefined) out.push(...layerChange(x, y, start + i));
    else if (x !== undefined)
      out.push({ path, before: renderValue(x), after: ABSENT, note: 'layer removed' });
    else if (y !== undefined)
      out.push({ path, before: ABSENT, after: renderValue(y), note: 'layer added' });
  }
  return out;
}

const EXPERIMENT_FIELDS = ['type', 'id', 'dataset', 'model', 'config', 'views', 'locks'];

function experimentChanges(
  a: ExperimentCell,
  b: ExperimentCell,
  before: Bundle,
  after: Bundle,
): FieldChange[] {
  const out: FieldChange[] = [];
  const refA = datasetOf(before.datasets, a.dataset);
  const refB = datasetOf(after.datasets, b.dataset);
  const datasetChanged =
    refA === undefined && refB === undefined ? a.dataset !== b.dataset : !same(refA, refB);
  if (datasetChanged) {
    let was = describeDataset(refA, a.dataset);
    let now = describeDataset(refB, b.dataset);
    if (was === now) {
      was = renderValue(refA);
      now = renderValue(refB);
    }
    out.push({ path: 'dataset', before: was, after: now });
  }
  out.push(...layerChanges(a.model.layers, b.model.layers));
  out.push(...otherFields(a.model, b.model, ['layers'], (key) => `model.${key}`));
  for (const name of CONFIG_FIELDS) {
    if (!same(a.config[name], b.config[name])) {
      out.push({
        path: `config.${name}`,
        before: renderValue(a.config[name]),
        after: renderValue(b.config[name]),
      });
    }
  }
  out.push(...otherFields(a.config, b.config, CONFIG_FIELDS, (key) => `config.${key}`));
  for (const field of ['views', 'locks'] as const) {
    const was = names(a[field]);
    const now = names(b[field]);
    if (was !== now) out.push({ path: field, before: was, after: now });
  }
  out.push(...otherFields(a, b, EXPERIMENT_FIELDS, (key) => key));
  return out;
}

const MARKDOWN_FIELDS = ['type', 'id', 'text'];

function markdownChanges(a: MarkdownCell, b: MarkdownCell): FieldChange[] {
  const out = a.text === b.text ? [] : [textChange(a.text, b.text)];
  out.push(...otherFields(a, b, MARKDOWN_FIELDS, (key) => key));
  return out;
}

function cellChanges(a: Cell, b: Cell, before: Bundle, after: Bundle): FieldChange[] {
  if (a.type === 'markdown' && b.type === 'markdown') return markdownChanges(a, b);
  if (a.type === 'experiment' && b.type === 'experiment') {
    return experimentChanges(a, b, before, after);
  }
  return [
    {
      path: 'cell',
      before: cellSummary(a, before.datasets),
      after: cellSummary(b, after.datasets),
      note: `${a.type} cell became ${b.type} cell`,
    },
  ];
}

/** The items of `a` on one longest common subsequence of `a` and `b` (both free of repeats). */
function stayed(a: readonly string[], b: readonly string[]): Set<string> {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const out = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.add(a[i] as string);
      i++;
      j++;
    } else if ((table[(i + 1) * cols + j] ?? 0) >= (table[i * cols + j + 1] ?? 0)) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}

function runSummary(run: RunRecord, bundle: Bundle): string {
  const experiments = bundle.notebook.cells.filter((c) => c.type === 'experiment');
  const n = experiments.findIndex((c) => c.id === run.cellId);
  const last = run.epochs.at(-1);
  return (
    `Run of ${n < 0 ? 'a deleted experiment' : `experiment ${n + 1}`}: ` +
    `${counted(run.epochs.length, 'epoch')} on ${run.backend}` +
    (last === undefined ? '' : `, loss ${last.trainLoss.toPrecision(3)}`)
  );
}

export function diffNotebooks(before: Bundle, after: Bundle): NotebookDiff {
  const a = before.notebook;
  const b = after.notebook;
  const inA = new Map(a.cells.map((cell, i) => [cell.id, i]));
  const inB = new Map(b.cells.map((cell, i) => [cell.id, i]));
  const entry = (cell: Cell, bundle: Bundle): CellEntry => ({
    id: cell.id,
    summary: cellSummary(cell, bundle.datasets),
  });

  const kept = stayed(
    a.cells.filter((c) => inB.has(c.id)).map((c) => c.id),
    b.cells.filter((c) => inA.has(c.id)).map((c) => c.id),
  );
  const moved: CellMove[] = [];
  const changed: CellChange[] = [];
  b.cells.forEach((cell, to) => {
    const from = inA.get(cell.id);
    const old = from === undefined ? undefined : a.cells[from];
    if (from === undefined || old === undefined) return;
    if (!kept.has(cell.id)) moved.push({ ...entry(cell, after), from, to });
    const fields = cellChanges(old, cell, before, after);
    if (fields.length > 0) changed.push({ ...entry(cell, after), fields });
  });

  const runIdsA = new Set(before.runs.map((run) => run.id));
  const runIdsB = new Set(after.runs.map((run) => run.id));
  const authorsA = names(a.authors);
  const authorsB = names(b.authors);
  return {
    title: a.title === b.title ? null : { before: clip(a.title), after: clip(b.title) },
    authors: authorsA === authorsB ? null : { before: authorsA, after: authorsB },
    added: b.cells.filter((c) => !inA.has(c.id)).map((c) => entry(c, after)),
    removed: a.cells.filter((c) => !inB.has(c.id)).map((c) => entry(c, before)),
    moved,
    changed,
    runsAdded: after.runs
      .filter((run) => !runIdsA.has(run.id))
      .map((run) => ({ id: run.id, summary: runSummary(run, after) })),
    runsRemoved: before.runs
      .filter((run) => !runIdsB.has(run.id))
      .map((run) => ({ id: run.id, summary: runSummary(run, before) })),
  };
}

export function isEmptyDiff(d: NotebookDiff): boolean {
  return (
    d.title === null &&
    d.authors === null &&
    d.added.length === 0 &&
    d.removed.length === 0 &&
    d.moved.length === 0 &&
    d.changed.length === 0 &&
    d.runsAdded.length === 0 &&
    d.runsRemoved.length === 0
  );
}
