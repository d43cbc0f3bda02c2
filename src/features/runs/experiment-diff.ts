/**
 * Several runs' settings side by side: the dataset, every layer and every training setting, one
 * row each with one value per run, marked when the runs do not all agree. Layers compare by
 * position, so an inserted layer shows as a change in every layer after it, which is what
 * happened to the stack. A long value (a SHA-256, a URL, inline CSV text) is shown shortened, with
 * the whole value kept for copying, so one hash cannot widen the page.
 */
import type { Experiment } from '../../core/experiment/experiment';
import { isRecord } from '../../core/is-record';

export type DiffSection = 'dataset' | 'layers' | 'config';

export interface DiffValue {
  /** What the cell shows: the value, or its start and end when it is long. */
  shown: string;
  /** The whole value, for copying; equal to `shown` when nothing was left out. */
  full: string;
}

export interface DiffRow {
  section: DiffSection;
  label: string;
  /** One per run, in the order given; '—' where that run has no such setting. */
  values: DiffValue[];
  changed: boolean;
}

export const ABSENT = '—';
/** Longer values are shortened; so is any word longer than MAX_WORD (it could not wrap). */
const MAX_SHOWN = 80;
const MAX_WORD = 24;

/** `3fa2c1d0…9b0e` for a hash; the start of anything else, with how long it is. */
export function shorten(text: string): string {
  const longestWord = Math.max(0, ...text.split(/\s+/).map((word) => word.length));
  if (text.length <= MAX_SHOWN && longestWord <= MAX_WORD) return text;
  if (/^[0-9a-f]{32,}$/i.test(text)) return `${text.slice(0, 8)}…${text.slice(-4)}`;
  return `${text.slice(0, MAX_WORD - 1)}… (${text.length} chars)`;
}

function valueOf(value: unknown): DiffValue {
  if (value === undefined) return { shown: ABSENT, full: ABSENT };
  const full = typeof value === 'string' ? value : JSON.stringify(value);
  return { shown: shorten(full), full };
}

/** Leaves of a JSON value as `path -> value`, keys sorted; arrays of scalars stay one leaf. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  const nested =
    typeof value === 'object' &&
    value !== null &&
    (!Array.isArray(value) || value.some((x) => typeof x === 'object' && x !== null));
  if (!nested) {
    into.set(prefix, value);
    return;
  }
  for (const [key, child] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
    flatten(child, prefix ? `${prefix}.${key}` : key, into);
  }
}

function leaves(value: unknown): Map<string, unknown> {
  const into = new Map<string, unknown>();
  flatten(value, '', into);
  return into;
}

const rowOf = (section: DiffSection, label: string, values: DiffValue[]): DiffRow => ({
  section,
  label,
  values,
  changed: values.some((v) => v.full !== values[0]?.full),
});

function fieldRows(section: DiffSection, values: readonly unknown[]): DiffRow[] {
  const maps = values.map(leaves);
  const labels = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  return labels.map((label) =>
    rowOf(
      section,
      label,
      maps.map((m) => valueOf(m.get(label))),
    ),
  );
}

/** `dense units=16 activation=relu`: the type, then its settings in key order. */
export function describeLayer(layer: unknown): string {
  if (!isRecord(layer)) return ABSENT;
  const { type, ...rest } = layer;
  const settings = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return [String(type), ...settings].join(' ');
}

/** The rows of these experiments' settings, in dataset, layers, training order. */
export function diffExperiments(experiments: readonly Experiment[]): DiffRow[] {
  const count = Math.max(0, ...experiments.map((e) => e.model.layers.length));
  const layerRows = Array.from({ length: count }, (_, i): DiffRow => {
    const last = i === count - 1 ? ' (output)' : '';
    return rowOf(
      'layers',
      `layer ${i + 1}${last}`,
      experiments.map((e) => {
        const layer = e.model.layers[i];
        return layer === undefined ? valueOf(undefined) : valueOf(describeLayer(layer));
      }),
    );
  });
  return [
    ...fieldRows(
      'dataset',
      experiments.map((e) => e.dataset),
    ),
    ...layerRows,
    ...fieldRows(
      'config',
      experiments.map((e) => e.config),
    ),
  ];
}
