/**
 * The teaching views an author can show or hide under an experiment. Its `views` may also hold
 * names a newer Gradlab wrote: they are kept where they are and shown by nobody.
 */
import { BUNDLE_LIMITS } from '../bundle/schema';
import type { DatasetRef } from '../data/dataset';
import type { DatasetInfo } from '../data/info';
import { allLayers } from '../model/blocks';
import type { ModelSpec } from '../model/spec';

export const NOTEBOOK_VIEWS = [
  { view: 'boundary', label: 'Data with the decision boundary or fitted curve' },
  { view: 'curves', label: 'Loss and accuracy curves' },
  { view: 'confusion', label: 'Confusion matrix' },
  { view: 'predictions', label: 'Predictions on examples' },
  { view: 'weights', label: 'Weights' },
  { view: 'featureMaps', label: 'Feature maps' },
  { view: 'drawing', label: 'Draw your own input' },
  { view: 'samples', label: 'Text the model writes' },
  { view: 'nextToken', label: 'Next-token probabilities for your text' },
  { view: 'tokenAccuracy', label: 'Token confusion and accuracy per answer position' },
  { view: 'attention', label: 'Attention heatmaps per layer and head' },
  { view: 'hiddenState', label: 'Recurrent hidden state over the sequence' },
  { view: 'compare', label: "The lesson's recorded run beside yours" },
] as const;

export type NotebookView = (typeof NOTEBOOK_VIEWS)[number]['view'];

/** What a new experiment cell shows: curves suit every dataset and model. */
export const DEFAULT_VIEWS: readonly NotebookView[] = ['curves'];

const rank = (name: string): number => NOTEBOOK_VIEWS.findIndex((v) => v.view === name);

export const isNotebookView = (name: string): name is NotebookView => rank(name) >= 0;

interface HasViews {
  views: string[];
}

export const isViewShown = (shown: HasViews, view: NotebookView): boolean =>
  shown.views.includes(view);

/** The view that looks inside a sequence model: its attention, else its recurrent state. */
function insideView(model: ModelSpec | undefined): NotebookView[] {
  const layers = allLayers(model?.layers ?? []);
  if (layers.some((layer) => layer.type === 'causalSelfAttention')) return ['attention'];
  const recurrent = ['simpleRNN', 'lstm', 'gru'];
  return layers.some((layer) => recurrent.includes(layer.type)) ? ['hiddenState'] : [];
}

/**
 * The sequence views that suit a dataset and model: a language model writes samples and takes your
 * text; a toy task (`dataset.kind` 'sequence') is judged token by token; any model of token ids can
 * be looked inside, at its attention or else its recurrent state. In NOTEBOOK_VIEWS order.
 */
export function sequenceViews(
  info: Pick<DatasetInfo, 'task' | 'tokenizer'> | null,
  experiment: { dataset: DatasetRef; model: ModelSpec } | undefined,
): NotebookView[] {
  if (!info || (info.task !== 'sequence' && !info.tokenizer)) return [];
  const inside = insideView(experiment?.model);
  if (info.task !== 'sequence') return inside;
  const toy = experiment?.dataset.kind === 'sequence';
  return toy ? ['tokenAccuracy', ...inside] : ['samples', 'nextToken', ...inside];
}

/**
 * The views that suit a dataset (and, for sequences, the model): the boundary over points, the
 * confusion matrix for classes; for a language model the text it writes and a look inside it; for
 * a toy task the answers token by token and a look inside.
 */
export function defaultViews(
  info: Pick<DatasetInfo, 'kind' | 'task' | 'tokenizer'> | null,
  experiment?: { dataset: DatasetRef; model: ModelSpec },
): NotebookView[] {
  if (info?.kind === 'points') return ['curves', 'boundary'];
  if (info?.task === 'sequence') {
    return ['curves', ...sequenceViews(info, experiment).filter((view) => view !== 'nextToken')];
  }
  return info?.task === 'classification' ? ['curves', 'confusion'] : ['curves'];
}

/**
 * `shown` with `view` hidden if it was shown, else shown before the first known view that comes
 * after it in NOTEBOOK_VIEWS. A full list is kept as it is.
 */
export function toggleView<T extends HasViews>(shown: T, view: NotebookView): T {
  if (shown.views.includes(view)) return { ...shown, views: shown.views.filter((v) => v !== view) };
  if (shown.views.length >= BUNDLE_LIMITS.views) return shown;
  const mine = rank(view);
  const at = shown.views.findIndex((v) => rank(v) > mine);
  const views = [...shown.views];
  views.splice(at < 0 ? views.length : at, 0, view);
  return { ...shown, views };
}
