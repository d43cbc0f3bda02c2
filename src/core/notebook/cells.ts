/**
 * Edits of a notebook's cells. Each returns a new notebook and never changes its input, so a
 * draft can be compared with the version it came from by reference. Edits that can be refused
 * (the cell limit, an id already taken, a cell that is not there) return a Result; the others
 * return the same notebook object when there is nothing to do.
 *
 * Deleting an experiment cell leaves its runs in the bundle naming a cell that is gone, which
 * validation refuses: `tidyBundle` (here) drops them, and versions.ts applies it on every save.
 */
import { setOwn } from '../bundle/canonical';
import {
  BUNDLE_LIMITS,
  type Bundle,
  type Cell,
  type ExperimentCell,
  type MarkdownCell,
  type Notebook,
} from '../bundle/schema';
import { GradlabError } from '../errors';
import type { ModelSpec } from '../model/spec';
import { err, ok, type Result } from '../result';
import type { TrainConfig } from '../train/config';
import { DEFAULT_VIEWS, type NotebookView } from '../experiment/views';

/** A cell edit the notebook cannot take; `reason` tells the kinds apart, the message says what to do. */
export class NotebookEditError extends GradlabError<'notebook-edit'> {
  readonly code = 'notebook-edit';
  override readonly name = 'NotebookEditError';
  constructor(
    message: string,
    readonly reason:
      | 'too-many-cells'
      | 'duplicate-id'
      | 'invalid-id'
      | 'no-such-cell'
      /** A sweep plan that varies a field the cell locks. */
      | 'locked-field',
  ) {
    super(message);
  }
}

export type EditResult = Result<Notebook, NotebookEditError>;

export function newMarkdownCell(id: string, text = ''): MarkdownCell {
  return { type: 'markdown', id, text };
}

/** Shows DEFAULT_VIEWS unless told otherwise, and locks nothing. */
export function newExperimentCell(
  id: string,
  datasetKey: string,
  model: ModelSpec,
  config: Required<TrainConfig>,
  views: readonly NotebookView[] = DEFAULT_VIEWS,
): ExperimentCell {
  return {
    type: 'experiment',
    id,
    dataset: datasetKey,
    model: structuredClone(model),
    config: structuredClone(config),
    views: [...views],
  };
}

const indexOf = (nb: Notebook, cellId: string): number =>
  nb.cells.findIndex((c) => c.id === cellId);

const withCells = (nb: Notebook, cells: Cell[]): Notebook => ({ ...nb, cells });

function roomFor(nb: Notebook, id: string): NotebookEditError | null {
  if (nb.cells.length >= BUNDLE_LIMITS.cells) {
    return new NotebookEditError(
      `A notebook holds at most ${BUNDLE_LIMITS.cells} cells; delete one before adding another.`,
      'too-many-cells',
    );
  }
  if (id.length < 1 || id.length > BUNDLE_LIMITS.idLength) {
    return new NotebookEditError(
      `A cell id must be 1 to ${BUNDLE_LIMITS.idLength} characters long.`,
      'invalid-id',
    );
  }
  return indexOf(nb, id) >= 0
    ? new NotebookEditError(`The notebook already has a cell with the id "${id}".`, 'duplicate-id')
    : null;
}

const missing = (cellId: string) =>
  err(
    new NotebookEditError(
      `The notebook has no cell with the id "${cellId.slice(0, BUNDLE_LIMITS.idLength)}".`,
      'no-such-cell',
    ),
  );

/** `cell` inserted at `atIndex`, clamped to the ends (so Infinity appends). */
export function addCell(nb: Notebook, cell: Cell, atIndex: number): EditResult {
  const refusal = roomFor(nb, cell.id);
  if (refusal !== null) return err(refusal);
  const at = Number.isNaN(atIndex)
    ? nb.cells.length
    : Math.max(0, Math.min(atIndex, nb.cells.length));
  const cells = [...nb.cells];
  cells.splice(Math.trunc(at), 0, cell);
  return ok(withCells(nb, cells));
}

/** The cell swapped with its neighbour; the same notebook at either end or for an unknown id. */
export function moveCell(nb: Notebook, cellId: string, delta: -1 | 1): Notebook {
  const from = indexOf(nb, cellId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= nb.cells.length) return nb;
  const cells = [...nb.cells];
  [cells[from], cells[to]] = [cells[to] as Cell, cells[from] as Cell];
  return withCells(nb, cells);
}

/** A deep copy of the cell, with `newId`, right after it. Runs stay with the original. */
export function duplicateCell(nb: Notebook, cellId: string, newId: string): EditResult {
  const at = indexOf(nb, cellId);
  const original = nb.cells[at];
  if (original === undefined) return missing(cellId);
  const refusal = roomFor(nb, newId);
  if (refusal !== null) return err(refusal);
  const copy: Cell = { ...structuredClone(original), id: newId };
  const cells = [...nb.cells];
  cells.splice(at + 1, 0, copy);
  return ok(withCells(nb, cells));
}

/** The notebook without the cell; the same notebook for an unknown id. */
export function deleteCell(nb: Notebook, cellId: string): Notebook {
  return indexOf(nb, cellId) < 0
    ? nb
    : withCells(
        nb,
        nb.cells.filter((c) => c.id !== cellId),
      );
}

/** The cell with `cell.id` replaced by `cell`; the same notebook for an unknown id. */
export function replaceCell(nb: Notebook, cell: Cell): Notebook {
  const at = indexOf(nb, cell.id);
  if (at < 0 || nb.cells[at] === cell) return nb;
  return withCells(
    nb,
    nb.cells.map((c, i) => (i === at ? cell : c)),
  );
}

/** The dataset keys the notebook's experiment cells name. */
export function datasetKeysInUse(nb: Notebook): Set<string> {
  const keys = new Set<string>();
  for (const cell of nb.cells) if (cell.type === 'experiment') keys.add(cell.dataset);
  return keys;
}

/** A null-prototype copy of `record` with only the keys `keep` accepts, as validation makes them. */
function filtered<T>(record: Record<string, T>, keep: (key: string) => boolean): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of Object.entries(record)) if (keep(key)) setOwn(out, key, value);
  return out;
}

/**
 * The bundle without the `datasets` entries no cell or run names (left behind when a cell's
 * dataset changes or a cell is deleted); the same bundle when there are none.
 */
export function pruneDatasets(bundle: Bundle): Bundle {
  const used = datasetKeysInUse(bundle.notebook);
  for (const run of bundle.runs) used.add(run.datasetKey);
  const keys = Object.keys(bundle.datasets);
  if (keys.every((key) => used.has(key))) return bundle;
  return { ...bundle, datasets: filtered(bundle.datasets, (key) => used.has(key)) };
}

/**
 * The bundle without the runs of experiment cells that are gone, the weights no run names, and
 * then the datasets nothing names: what a deleted cell leaves behind. The same bundle when there
 * is nothing to drop.
 */
export function tidyBundle(bundle: Bundle): Bundle {
  const experiments = new Set(
    bundle.notebook.cells.filter((c) => c.type === 'experiment').map((c) => c.id),
  );
  let out = bundle;
  const runs = bundle.runs.filter((run) => experiments.has(run.cellId));
  if (runs.length < bundle.runs.length) out = { ...out, runs };
  if (out.weights !== undefined) {
    const named = new Set(
      out.runs.flatMap((run) => (run.weightsKey === undefined ? [] : [run.weightsKey])),
    );
    const weights = out.weights;
    if (!Object.keys(weights).every((key) => named.has(key))) {
      out = { ...out, weights: filtered(weights, (key) => named.has(key)) };
    }
  }
  return pruneDatasets(out);
}
