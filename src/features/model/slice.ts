/**
 * The playground's network: hidden dense layers and their activation; the output follows the task.
 * Images first pass a small convolution block, so a digit is not flattened into 784 unrelated
 * numbers before the model sees it.
 */
import { inferModel } from '../../core/model/inference';
import type { Activation, LayerSpec, ModelSpec, ModelSummary } from '../../core/model/spec';
import { DEFAULT_HIDDEN, playgroundSpec } from '../../core/model/defaults';
import type { DatasetInfo } from '../data/slice';
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

const IMAGE_FRONT: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2 },
  { type: 'flatten' },
];

export function specFor(hidden: HiddenLayers, dataset: DatasetInfo | null): ModelSpec {
  const output =
    dataset?.task === 'regression'
      ? { units: 1, activation: 'linear' as const }
      : { units: dataset?.numClasses ?? 2, activation: 'softmax' as const };
  const spec = playgroundSpec(hidden, output);
  return dataset?.inputShape.length === 3 ? { layers: [...IMAGE_FRONT, ...spec.layers] } : spec;
}

export function summaryFor(
  hidden: HiddenLayers,
  dataset: DatasetInfo | null,
): ModelSummary | string {
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
