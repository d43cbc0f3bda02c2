/** The playground's network: hidden dense layers and their activation; the output follows the task. */
import type { Dataset } from '../../core/data/dataset';
import { inferModel } from '../../core/model/inference';
import type { Activation, ModelSpec, ModelSummary } from '../../core/model/spec';
import { DEFAULT_HIDDEN, playgroundSpec } from '../../core/model/defaults';
import type { Slice } from '../../store/slice';

export interface HiddenLayers {
  units: number[];
  activation: Activation;
}

export interface ModelSlice {
  hidden: HiddenLayers;
  setHidden(patch: Partial<HiddenLayers>): void;
}

export const MAX_HIDDEN_LAYERS = 6;

export function specFor(hidden: HiddenLayers, dataset: Dataset | null): ModelSpec {
  const output =
    dataset?.task === 'regression'
      ? { units: 1, activation: 'linear' as const }
      : { units: dataset?.numClasses ?? 2, activation: 'softmax' as const };
  return playgroundSpec(hidden, output);
}

export function summaryFor(hidden: HiddenLayers, dataset: Dataset | null): ModelSummary | string {
  if (!dataset) return 'No dataset';
  const result = inferModel(specFor(hidden, dataset), dataset.inputShape);
  return result.ok ? result.value : result.error.message;
}

export const createModelSlice: Slice<ModelSlice, ModelSlice> = (set) => ({
  hidden: DEFAULT_HIDDEN,
  setHidden(patch) {
    set((state) => ({ hidden: { ...state.hidden, ...patch } }));
  },
});
