/**
 * Schema 1 to 2.
 *
 * Version 1 bundles (the first Gradlab that shared notebooks) differed from version 2 in two ways:
 * - `notebook.author` was one string (possibly empty); version 2 has `notebook.authors`, a list,
 *   so a lesson written by several teachers can name them all.
 * - every experiment cell and every run carried its DatasetRef inline as `dataset`, so a dataset
 *   used by five cells was written five times and could drift apart when one cell was edited.
 *   Version 2 lists each dataset once under the top-level `datasets`, and cells name it by key
 *   (`dataset: "<key>"`), runs by `datasetKey`.
 *
 * The step gives equal refs (same canonical JSON) one key, made from the dataset's name
 * (`spiral`, `iris`, `my-data`, then `spiral-2` for a different spiral). Everything else,
 * unknown fields included, is carried over unchanged.
 */
import { BundleError } from '../../errors';
import { err, ok, type Result } from '../../result';
import {
  canonicalJson,
  FORBIDDEN_KEYS,
  isJsonObject,
  setOwn,
  type JsonObject,
  type JsonValue,
} from '../canonical';

const refuse = (problem: string) =>
  err(
    new BundleError(
      `This version 1 bundle cannot be brought up to date: ${problem}. Ask its author for a new copy.`,
      'invalid-field',
    ),
  );

/** A shallow copy of `object` without `drop`, with `add` on top. */
function rebuild(object: JsonObject, drop: readonly string[], add: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!drop.includes(key)) setOwn(out, key, value);
  }
  for (const [key, value] of Object.entries(add)) setOwn(out, key, value);
  return out;
}

/** Gives each distinct DatasetRef one key of `datasets`. */
class DatasetKeys {
  readonly datasets: JsonObject = {};
  private readonly byContent = new Map<string, string>();

  keyOf(ref: JsonObject): string {
    const content = canonicalJson(ref);
    const known = this.byContent.get(content);
    if (known !== undefined) return known;
    const base = slug(ref.kind === 'builtin' ? ref.generator : ref.name);
    let key = base;
    for (let n = 2; Object.hasOwn(this.datasets, key); n++) key = `${base}-${n}`;
    setOwn(this.datasets, key, ref);
    this.byContent.set(content, key);
    return key;
  }
}

function slug(name: JsonValue | undefined): string {
  const text = typeof name === 'string' ? name : '';
  const base =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'dataset';
  return FORBIDDEN_KEYS.includes(base) ? `${base}-data` : base;
}

export function migrate001to002(bundle: JsonObject): Result<JsonObject, BundleError> {
  if (Object.hasOwn(bundle, 'datasets')) {
    return refuse('it has a top-level "datasets", which version 1 did not have');
  }
  const { notebook, runs } = bundle;
  if (!isJsonObject(notebook) || !Array.isArray(notebook.cells)) {
    return refuse('it has no notebook with a list of cells');
  }
  const author = notebook.author;
  if (author !== undefined && typeof author !== 'string') {
    return refuse('notebook.author is not text');
  }
  const keys = new DatasetKeys();
  const cells: JsonValue[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (!isJsonObject(cell) || cell.type !== 'experiment') {
      cells.push(cell);
      continue;
    }
    if (!isJsonObject(cell.dataset)) return refuse(`cell ${index + 1} names no dataset`);
    cells.push(rebuild(cell, ['dataset'], { dataset: keys.keyOf(cell.dataset) }));
  }
  const migratedRuns: JsonValue[] = [];
  for (const [index, run] of (Array.isArray(runs) ? runs : []).entries()) {
    if (!isJsonObject(run)) {
      migratedRuns.push(run);
      continue;
    }
    if (!isJsonObject(run.dataset)) return refuse(`run ${index + 1} names no dataset`);
    migratedRuns.push(rebuild(run, ['dataset'], { datasetKey: keys.keyOf(run.dataset) }));
  }
  const authors = author === undefined || author.trim() === '' ? [] : [author.trim()];
  return ok(
    rebuild(bundle, ['schemaVersion', 'notebook', 'runs'], {
      schemaVersion: 2,
      notebook: rebuild(notebook, ['author', 'cells'], { authors, cells }),
      datasets: keys.datasets,
      ...(runs === undefined ? {} : { runs: Array.isArray(runs) ? migratedRuns : runs }),
    }),
  );
}
