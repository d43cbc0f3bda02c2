/** What the editors show of the experiment: its dataset as far as it is known, its model's shapes. */
import type { DatasetInfo } from '../../core/data/info';
import { hiddenLayers } from '../../core/experiment/edit';
import { analyseStack, type StackAnalysis } from '../../core/model/stack-analysis';
import type { AppState } from '../../store/app-state';
import { datasetInfoOf } from '../data/slice';

type State = Pick<AppState, 'editor' | 'prepared' | 'storedVersions'>;

/** What is known of the experiment's dataset; null while a stored one is not loaded. */
export const currentInfo = (state: State): DatasetInfo | null =>
  datasetInfoOf(state, state.editor.experiment.dataset);

/** Shapes, parameter counts and the first broken layer of the experiment's model. */
export const modelAnalysis = (state: State): StackAnalysis =>
  analyseStack(hiddenLayers(state.editor.experiment), currentInfo(state));

/** Why the model cannot train as it stands, or null; training refuses to start while it is set. */
export const modelError = (state: State): string | null =>
  modelAnalysis(state).error?.message ?? null;
