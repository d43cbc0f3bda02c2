import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../core/model/spec';
import {
  canRedo,
  canUndo,
  initialEditorState,
  reduceEditor,
  type EditorAction,
  type EditorState,
} from './editor-state';
import { defaultStack } from '../../core/model/stack-presets';

const points = { task: 'classification' as const, numClasses: 2, inputShape: [2] };
const iris = { task: 'classification' as const, numClasses: 3, inputShape: [4] };
const digits = { task: 'classification' as const, numClasses: 10, inputShape: [28, 28, 1] };
type Shape = typeof points | typeof digits;

/** Applies actions in order; a refused action fails the test unless it is expected. */
function run(
  actions: EditorAction[],
  dataset: Shape | null = points,
  start = initialEditorState(),
) {
  let state: EditorState = start;
  let at = 0;
  for (const action of actions) {
    at += 5000;
    const next = reduceEditor(state, action, { dataset, at });
    if (!next.ok) throw new Error(next.error);
    state = next.value;
  }
  return state;
}

const types = (state: EditorState) => state.layers.map((l) => l.type);

describe('layer editor state', () => {
  it('starts as the playground MLP: two 16-unit relu layers', () => {
    expect(initialEditorState().layers).toEqual([
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 16, activation: 'relu' },
    ]);
  });

  it('adds, removes, moves, duplicates and edits, each undoable and redoable', () => {
    const actions: EditorAction[] = [
      { type: 'add', layer: 'dropout' },
      { type: 'move', index: 2, delta: -1 },
      { type: 'duplicate', index: 1 },
      { type: 'edit', index: 0, patch: { units: 32 } },
      { type: 'remove', index: 3 },
    ];
    const states = actions.reduce<EditorState[]>(
      (all, action) => [...all, run([action], points, all.at(-1))],
      [initialEditorState()],
    );
    const end = states.at(-1)!;
    expect(types(end)).toEqual(['dense', 'dropout', 'dropout']);
    expect(end.layers[0]).toEqual({ type: 'dense', units: 32, activation: 'relu' });
    let state = end;
    for (let i = states.length - 2; i >= 0; i--) {
      state = run([{ type: 'undo' }], points, state);
      expect(state.layers).toEqual(states[i]!.layers);
    }
    expect(canUndo(state)).toBe(false);
    for (let i = 1; i < states.length; i++) {
      state = run([{ type: 'redo' }], points, state);
      expect(state.layers).toEqual(states[i]!.layers);
    }
    expect(canRedo(state)).toBe(false);
  });

  it('refuses invalid edits and leaves the state as it was', () => {
    const start = initialEditorState();
    for (const patch of [{ units: 2 ** 31 }, { units: 0 }, { units: -4 }, { units: Number.NaN }]) {
      const result = reduceEditor(
        start,
        { type: 'edit', index: 0, patch },
        { dataset: points, at: 0 },
      );
      expect(result.ok).toBe(false);
    }
    expect(reduceEditor(start, { type: 'undo' }, { dataset: points, at: 0 }).ok).toBe(false);
    expect(
      reduceEditor(start, { type: 'move', index: 0, delta: -1 }, { dataset: points, at: 0 }).ok,
    ).toBe(false);
    expect(reduceEditor(start, { type: 'remove', index: 5 }, { dataset: points, at: 0 }).ok).toBe(
      false,
    );
  });

  it('counts a quick run of edits to one field as one undo step', () => {
    let state = initialEditorState();
    [1, 12, 128].forEach((units, i) => {
      const next = reduceEditor(
        state,
        { type: 'edit', index: 0, patch: { units } },
        { dataset: points, at: 1000 + i * 100 },
      );
      if (!next.ok) throw new Error(next.error);
      state = next.value;
    });
    expect(run([{ type: 'undo' }], points, state).layers).toEqual(initialEditorState().layers);
  });

  it('keeps at least 100 undo steps', () => {
    const edits: EditorAction[] = Array.from({ length: 120 }, (_, i) => ({
      type: 'edit',
      index: 0,
      patch: { units: i + 1 },
    }));
    let state = run(edits);
    for (let i = 0; i < 100; i++) state = run([{ type: 'undo' }], points, state);
    expect(state.layers[0]).toMatchObject({ units: 20 });
  });

  it('applies presets without their output layer, as undoable edits', () => {
    const lenet = run([{ type: 'preset', id: 'lenet' }], digits);
    expect(types(lenet)).toEqual([
      'conv2d',
      'maxPooling2d',
      'conv2d',
      'maxPooling2d',
      'flatten',
      'dense',
      'dense',
    ]);
    expect(lenet.layers.at(-1)).toEqual({ type: 'dense', units: 84, activation: 'relu' });
    expect(run([{ type: 'undo' }], digits, lenet).layers).toEqual(initialEditorState().layers);
    expect(run([{ type: 'preset', id: 'logistic' }]).layers).toEqual([]);
    expect(types(run([{ type: 'preset', id: 'logistic' }], digits))).toEqual(['flatten']);
    expect(types(run([{ type: 'preset', id: 'mlp' }]))).toEqual(['dense', 'dense']);
    expect(types(run([{ type: 'preset', id: 'small-cnn' }], digits))).toEqual([
      'conv2d',
      'maxPooling2d',
      'flatten',
    ]);
    const refused = reduceEditor(
      initialEditorState(),
      { type: 'preset', id: 'lenet' },
      { dataset: points, at: 0 },
    );
    expect(refused.ok).toBe(false);
  });

  it('switches to a small CNN for images and back to the MLP for points, undoably, with a note', () => {
    const onPoints = run([{ type: 'fit' }], points);
    expect(onPoints.layers).toEqual(initialEditorState().layers);
    expect(onPoints.modelNote).toBeNull();
    expect(onPoints.fittedRank).toBe(1);

    const onImages = run([{ type: 'fit' }], digits, onPoints);
    expect(onImages.layers).toEqual(defaultStack(3));
    expect(onImages.modelNote).toMatch(/small CNN.*Undo/);
    expect(onImages.fittedRank).toBe(3);
    const undone = run([{ type: 'undo' }], digits, onImages);
    expect(undone.layers).toEqual(onPoints.layers);
    expect(undone.modelNote).toBeNull();
    // Undoing the switch does not bring it back while the rank stays the same.
    expect(run([{ type: 'fit' }], digits, undone).layers).toEqual(onPoints.layers);

    const back = run([{ type: 'fit' }], points, onImages);
    expect(back.layers).toEqual(defaultStack(1));
    expect(back.modelNote).toMatch(/MLP/);
  });

  it('keeps a stack that still fits the new rank', () => {
    const flat: LayerSpec[] = [
      { type: 'flatten' },
      { type: 'dense', units: 8, activation: 'relu' },
    ];
    const onImages = run([{ type: 'replace', layers: flat }, { type: 'fit' }], digits);
    expect(onImages.layers).toEqual(flat);
    expect(onImages.modelNote).toBeNull();
    const onIris = run([{ type: 'fit' }], iris, run([{ type: 'fit' }], points));
    expect(onIris.layers).toEqual(initialEditorState().layers);
  });
});
