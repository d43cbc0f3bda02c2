/**
 * The model the user builds: the hidden layers (every layer type), with undo/redo. The output
 * layer is not stored: it follows the dataset (see stack-analysis.ts), so changing from two
 * classes to ten never leaves a stale output behind.
 */
import type { LayerSpec, LayerType } from '../../core/model/spec';
import type { AppState } from '../../store/app-state';
import type { GetState, SetState } from '../../store/slice';
import { datasetInfo } from '../data/slice';
import {
  initialEditorState,
  reduceEditor,
  type EditorAction,
  type EditorState,
} from './editor-state';
import { analyseStack, type StackAnalysis } from '../../core/model/stack-analysis';
import type { PresetId } from '../../core/model/stack-presets';

export { specFor } from '../../core/model/stack-analysis';

export interface ModelSlice extends EditorState {
  addLayer(type: LayerType): void;
  removeLayer(index: number): void;
  moveLayer(index: number, delta: -1 | 1): void;
  duplicateLayer(index: number): void;
  /** Sets fields of a layer; returns why the edit was refused, or null when it was made. */
  editLayer(index: number, patch: Readonly<Record<string, unknown>>): string | null;
  applyPreset(id: PresetId): void;
  /** Replaces the whole stack (a loaded experiment) as one undoable edit. */
  setLayers(layers: LayerSpec[]): void;
  undoModel(): void;
  redoModel(): void;
  /** Call when the dataset changes: a new input rank the layers do not fit switches them. */
  fitModelToDataset(): void;
}

type DatasetState = Parameters<typeof datasetInfo>[0];

/** Shapes, parameter counts and the first broken layer of the current model. */
export function modelAnalysis(state: Pick<AppState, 'layers'> & DatasetState): StackAnalysis {
  return analyseStack(state.layers, datasetInfo(state));
}

/** Why the model cannot train as it stands, or null; training refuses to start while it is set. */
export function modelError(state: Pick<AppState, 'layers'> & DatasetState): string | null {
  return modelAnalysis(state).error?.message ?? null;
}

export function createModelSlice(
  set: SetState<AppState>,
  get: GetState<AppState>,
  now: () => number = Date.now,
): ModelSlice {
  const dispatch = (action: EditorAction): string | null => {
    const result = reduceEditor(get(), action, { dataset: datasetInfo(get()), at: now() });
    if (!result.ok) return result.error;
    set(result.value);
    return null;
  };
  return {
    ...initialEditorState(),
    addLayer: (layer) => void dispatch({ type: 'add', layer }),
    removeLayer: (index) => void dispatch({ type: 'remove', index }),
    moveLayer: (index, delta) => void dispatch({ type: 'move', index, delta }),
    duplicateLayer: (index) => void dispatch({ type: 'duplicate', index }),
    editLayer: (index, patch) => dispatch({ type: 'edit', index, patch }),
    applyPreset: (id) => void dispatch({ type: 'preset', id }),
    setLayers: (layers) => void dispatch({ type: 'replace', layers }),
    undoModel: () => void dispatch({ type: 'undo' }),
    redoModel: () => void dispatch({ type: 'redo' }),
    fitModelToDataset: () => void dispatch({ type: 'fit' }),
  };
}
