/** The dataset chosen in the playground, and the data it generates for the plot. */
import type { BuiltinDatasetRef, Dataset, GeneratorName } from '../../core/data/dataset';
import { GENERATOR_INFO, generate } from '../../core/data/generators';
import type { Slice } from '../../store/slice';

export interface DatasetSettings {
  generator: GeneratorName;
  size: number;
  noise: number;
  classes: number;
  seed: number;
}

export interface DataSlice {
  datasetSettings: DatasetSettings;
  dataset: Dataset | null;
  datasetError: string | null;
  setDatasetSettings(patch: Partial<DatasetSettings>): void;
}

export const DEFAULT_DATASET: DatasetSettings = {
  generator: 'spiral',
  size: 400,
  noise: 0.05,
  classes: 2,
  seed: 1,
};

export function datasetRef(settings: DatasetSettings): BuiltinDatasetRef {
  const info = GENERATOR_INFO[settings.generator];
  return {
    kind: 'builtin',
    generator: settings.generator,
    params: {
      size: settings.size,
      noise: settings.noise,
      ...(info.classesEditable ? { classes: settings.classes } : {}),
    },
    seed: settings.seed,
  };
}

function generated(settings: DatasetSettings): Pick<DataSlice, 'dataset' | 'datasetError'> {
  const result = generate(datasetRef(settings));
  return result.ok
    ? { dataset: result.value, datasetError: null }
    : { dataset: null, datasetError: result.error.message };
}

export const createDataSlice: Slice<DataSlice, DataSlice> = (set) => ({
  datasetSettings: DEFAULT_DATASET,
  ...generated(DEFAULT_DATASET),
  setDatasetSettings(patch) {
    set((state) => {
      const next = { ...state.datasetSettings, ...patch };
      if (patch.generator && patch.generator !== state.datasetSettings.generator) {
        next.classes = GENERATOR_INFO[patch.generator].defaultClasses;
      }
      return { datasetSettings: next, ...generated(next) };
    });
  },
});
