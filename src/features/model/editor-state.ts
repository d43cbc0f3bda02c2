/**
 * The layer editor as a pure reducer: the hidden stack with its undo history, the input rank it
 * was last fitted to, and a note about an edit the app made by itself. Every user edit goes
 * through here, so the slice only stores what this returns.
 */
import type { LayerSpec, LayerType } from '../../core/model/spec';
import { err, ok, type Result } from '../../core/result';
import { commit, redo, undo, type History } from '../../core/experiment/history';
import { addLayer, duplicateLayer, editLayer, moveLayer, removeLayer } from '../../core/model/stack-edits';
import type { DatasetShape } from '../../core/model/stack-analysis';
import { defaultStack, fitStack, presetStack, type PresetId } from '../../core/model/stack-presets';

export interface EditorState {
  layers: LayerSpec[];
  layerHistory: Omit<History<LayerSpec[]>, 'present'>;
  /** Says why the app changed the layers by itself; cleared by the next edit. */
  modelNote: string | null;
  /** The input rank the stack was last checked against; a change triggers a fit. */
  fittedRank: number | null;
}

export type EditorAction =
  | { type: 'add'; layer: LayerType; at?: number }
  | { type: 'remove'; index: number }
  | { type: 'move'; index: number; delta: -1 | 1 }
  | { type: 'duplicate'; index: number }
  | { type: 'edit'; index: number; patch: Readonly<Record<string, unknown>> }
  | { type: 'preset'; id: PresetId }
  | { type: 'replace'; layers: LayerSpec[] }
  | { type: 'undo' }
  | { type: 'redo' }
  /** The dataset changed: switch to the default stack if its rank changed and the stack no longer fits. */
  | { type: 'fit' };

export interface EditorContext {
  dataset: DatasetShape | null;
  /** Milliseconds, for merging quick edits of one field into one undo step. */
  at: number;
}

export const initialEditorState = (): EditorState => ({
  layers: defaultStack(1),
  layerHistory: { past: [], future: [], last: null },
  modelNote: null,
  fittedRank: null,
});

const historyIn = (state: EditorState): History<LayerSpec[]> => ({
  ...state.layerHistory,
  present: state.layers,
});

const from = (
  history: History<LayerSpec[]>,
  rest: Pick<EditorState, 'modelNote' | 'fittedRank'>,
): EditorState => {
  const { present, ...layerHistory } = history;
  return { layers: present, layerHistory, ...rest };
};

/** The new state, or why the action is refused (the state then stays as it was). */
export function reduceEditor(
  state: EditorState,
  action: EditorAction,
  context: EditorContext,
): Result<EditorState, string> {
  const edited = (next: Result<LayerSpec[], string>, key?: string): Result<EditorState, string> => {
    if (!next.ok) return next;
    const edit = key === undefined ? undefined : { key, at: context.at };
    return ok(
      from(commit(historyIn(state), next.value, edit), {
        modelNote: null,
        fittedRank: state.fittedRank,
      }),
    );
  };
  const rank = context.dataset?.inputShape.length ?? state.fittedRank ?? 1;
  switch (action.type) {
    case 'add':
      return edited(addLayer(state.layers, action.layer, action.at));
    case 'remove':
      if (action.index < 0 || action.index >= state.layers.length) {
        return err(`There is no layer ${action.index + 1}.`);
      }
      return edited(ok(removeLayer(state.layers, action.index)));
    case 'move': {
      const target = action.index + action.delta;
      if (target < 0 || target >= state.layers.length || action.index >= state.layers.length) {
        return err('That layer cannot move further.');
      }
      return edited(ok(moveLayer(state.layers, action.index, action.delta)));
    }
    case 'duplicate':
      return edited(duplicateLayer(state.layers, action.index));
    case 'edit': {
      // One key per layer and field, so typing "128" is one undo step, not three.
      const fields = Object.keys(action.patch).sort().join(',');
      return edited(
        editLayer(state.layers, action.index, action.patch),
        `${action.index}:${fields}`,
      );
    }
    case 'preset':
      return edited(presetStack(action.id, rank));
    case 'replace':
      return edited(ok(action.layers));
    case 'undo':
    case 'redo': {
      const history = (action.type === 'undo' ? undo : redo)(historyIn(state));
      if (history.present === state.layers) return err(`Nothing to ${action.type}.`);
      return ok(from(history, { modelNote: null, fittedRank: state.fittedRank }));
    }
    case 'fit': {
      const dataset = context.dataset;
      if (!dataset || dataset.inputShape.length === state.fittedRank) return ok(state);
      const fittedRank = dataset.inputShape.length;
      const fitted = fitStack(state.layers, dataset);
      if (!fitted) return ok({ ...state, fittedRank });
      return ok(
        from(commit(historyIn(state), fitted.layers), { modelNote: fitted.note, fittedRank }),
      );
    }
  }
}

export const canUndo = (state: Pick<EditorState, 'layerHistory'>): boolean =>
  state.layerHistory.past.length > 0;
export const canRedo = (state: Pick<EditorState, 'layerHistory'>): boolean =>
  state.layerHistory.future.length > 0;
