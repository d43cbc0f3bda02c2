/**
 * Two runs' settings side by side: the dataset, every layer and every training setting, one row
 * each, marked when they differ. Layers compare by position, so an inserted layer shows as a
 * change in every layer after it, which is what happened to the stack.
 */
import type { Experiment } from '../../core/experiment/experiment';

export type DiffSection = 'dataset' | 'layers' | 'config';

export interface DiffRow {
  section: DiffSection;
  label: string;
  /** '—' where that run has no such setting. */
  a: string;
  b: string;
  changed: boolean;
}

export const ABSENT = '—';
/** Inline CSV text and long URLs are summarised, not shown whole. */
const MAX_VALUE_LENGTH = 80;

function shown(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}… (${text.length} chars)`
    : text;
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
  for (const key of Object.keys(value).sort()) {
    flatten((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, into);
  }
}

function leaves(value: unknown): Map<string, unknown> {
  const into = new Map<string, unknown>();
  flatten(value, '', into);
  return into;
}

function fieldRows(section: DiffSection, a: unknown, b: unknown): DiffRow[] {
  const la = leaves(a);
  const lb = leaves(b);
  const labels = [...new Set([...la.keys(), ...lb.keys()])].sort();
  return labels.map((label) => {
    const va = shown(la.get(label));
    const vb = shown(lb.get(label));
    return { section, label, a: va, b: vb, changed: va !== vb };
  });
}

/** `dense units=16 activation=relu`: the type, then its settings in key order. */
export function describeLayer(layer: unknown): string {
  if (typeof layer !== 'object' || layer === null) return ABSENT;
  const { type, ...rest } = layer as Record<string, unknown>;
  const settings = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return [String(type), ...settings].join(' ');
}

export function diffExperiments(a: Experiment, b: Experiment): DiffRow[] {
  const layersA = a.model.layers;
  const layersB = b.model.layers;
  const count = Math.max(layersA.length, layersB.length);
  const layerRows = Array.from({ length: count }, (_, i): DiffRow => {
    const va = i < layersA.length ? describeLayer(layersA[i]) : ABSENT;
    const vb = i < layersB.length ? describeLayer(layersB[i]) : ABSENT;
    const last = i === count - 1 ? ' (output)' : '';
    return { section: 'layers', label: `layer ${i + 1}${last}`, a: va, b: vb, changed: va !== vb };
  });
  return [
    ...fieldRows('dataset', a.dataset, b.dataset),
    ...layerRows,
    ...fieldRows('config', a.config, b.config),
  ];
}
