/**
 * The teaching views an author can show or hide under an experiment cell. A cell's `views` may
 * also hold names a newer Gradlab wrote: they are kept where they are and shown by nobody.
 */
import { BUNDLE_LIMITS, type ExperimentCell } from '../bundle/schema';

export const NOTEBOOK_VIEWS = [
  { view: 'boundary', label: 'Data with the decision boundary or fitted curve' },
  { view: 'curves', label: 'Loss and accuracy curves' },
  { view: 'confusion', label: 'Confusion matrix' },
  { view: 'predictions', label: 'Predictions on examples' },
  { view: 'weights', label: 'Weights' },
  { view: 'featureMaps', label: 'Feature maps' },
  { view: 'drawing', label: 'Draw your own input' },
  { view: 'compare', label: "The lesson's recorded run beside yours" },
] as const;

export type NotebookView = (typeof NOTEBOOK_VIEWS)[number]['view'];

/** What a new experiment cell shows: curves suit every dataset and model. */
export const DEFAULT_VIEWS: readonly NotebookView[] = ['curves'];

const rank = (name: string): number => NOTEBOOK_VIEWS.findIndex((v) => v.view === name);

export const isNotebookView = (name: string): name is NotebookView => rank(name) >= 0;

export const isViewShown = (cell: ExperimentCell, view: NotebookView): boolean =>
  cell.views.includes(view);

/**
 * The cell with `view` hidden if it was shown, else shown before the first known view that comes
 * after it in NOTEBOOK_VIEWS. A cell whose list is full keeps it as it is.
 */
export function toggleView(cell: ExperimentCell, view: NotebookView): ExperimentCell {
  if (cell.views.includes(view)) return { ...cell, views: cell.views.filter((v) => v !== view) };
  if (cell.views.length >= BUNDLE_LIMITS.views) return cell;
  const mine = rank(view);
  const at = cell.views.findIndex((v) => rank(v) > mine);
  const views = [...cell.views];
  views.splice(at < 0 ? views.length : at, 0, view);
  return { ...cell, views };
}
