import { describe, expect, it } from 'vitest';
import { ok } from '../result';
import type { LayerSpec } from './spec';
import { validateSpec } from './validate';
import { defaultLayer, LAYER_TYPES } from './layer-catalog';
import { countLayers } from './blocks';
import {
  addLayer,
  duplicateLayer,
  editLayer,
  MAX_HIDDEN_LAYERS,
  moveLayer,
  removeLayer,
} from './stack-edits';

const a: LayerSpec = { type: 'dense', units: 8, activation: 'relu' };
const b: LayerSpec = { type: 'dropout', rate: 0.1 };
const c: LayerSpec = { type: 'activation', activation: 'tanh' };

describe('stack edits', () => {
  it('every layer type has a valid default', () => {
    for (const type of LAYER_TYPES) {
      expect(validateSpec({ layers: [defaultLayer(type)] }).ok).toBe(true);
    }
    expect(LAYER_TYPES).toHaveLength(19);
  });

  it('adds at the end or at a position, up to the limit', () => {
    const added = addLayer([a], 'flatten');
    expect(added.ok && added.value).toEqual([a, { type: 'flatten' }]);
    const first = addLayer([a], 'dropout', 0);
    expect(first.ok && first.value[0]?.type).toBe('dropout');
    const full = Array.from({ length: MAX_HIDDEN_LAYERS }, () => a);
    expect(addLayer(full, 'dense').ok).toBe(false);
    expect(duplicateLayer(full, 0).ok).toBe(false);
  });

  it('removes, moves and duplicates without changing the input', () => {
    const layers = [a, b, c];
    expect(removeLayer(layers, 1)).toEqual(ok([a, c]));
    expect(removeLayer(layers, 3).ok).toBe(false);
    expect(moveLayer(layers, 0, 1)).toEqual(ok([b, a, c]));
    expect(moveLayer(layers, 2, -1)).toEqual(ok([a, c, b]));
    expect(moveLayer(layers, 2, 1).ok).toBe(false);
    expect(moveLayer(layers, 0, -1).ok).toBe(false);
    const copy = duplicateLayer(layers, 0);
    expect(copy.ok && copy.value).toEqual([a, a, b, c]);
    expect(copy.ok && copy.value[1]).not.toBe(a);
    expect(layers).toEqual([a, b, c]);
  });

  it('edits a field and removes an optional one given undefined', () => {
    const conv: LayerSpec = {
      type: 'conv2d',
      filters: 4,
      kernelSize: 3,
      strides: 2,
      activation: 'relu',
    };
    const edited = editLayer([conv], 0, { filters: 6, strides: undefined });
    expect(edited.ok && edited.value).toEqual([
      { type: 'conv2d', filters: 6, kernelSize: 3, activation: 'relu' },
    ]);
  });

  it('refuses values the model core refuses, naming the real layer, and keeps the type', () => {
    for (const units of [2 ** 31, 0, -1, Number.NaN, 2.5, '12']) {
      const edited = editLayer([c, a], 1, { units });
      expect(edited.ok).toBe(false);
      if (!edited.ok) expect(edited.error).toMatch(/^Layer 2 \(dense\): units must be/);
    }
    expect(editLayer([b], 0, { rate: 1 }).ok).toBe(false);
    expect(editLayer([a], 3, { units: 4 }).ok).toBe(false);
    const typed = editLayer([a], 0, { type: 'flatten' });
    expect(typed.ok && typed.value[0]?.type).toBe('dense');
  });
});

describe('stack edits inside a residual block, addressed by [block, index]', () => {
  const block = (...layers: LayerSpec[]): LayerSpec => ({ type: 'residual', layers });
  const stack: LayerSpec[] = [a, block(b, c), a];

  it('adds, removes, moves, duplicates and edits inner layers, leaving the rest alone', () => {
    expect(addLayer(stack, 'dense', [1, 1])).toEqual(
      ok([a, block(b, { type: 'dense', units: 16, activation: 'relu' }, c), a]),
    );
    expect(removeLayer(stack, [1, 0])).toEqual(ok([a, block(c), a]));
    expect(moveLayer(stack, [1, 0], 1)).toEqual(ok([a, block(c, b), a]));
    expect(moveLayer(stack, [1, 1], 1).ok).toBe(false);
    expect(duplicateLayer(stack, [1, 1])).toEqual(ok([a, block(b, c, c), a]));
    expect(editLayer(stack, [1, 0], { rate: 0.5 })).toEqual(
      ok([a, block({ type: 'dropout', rate: 0.5 }, c), a]),
    );
    expect(stack).toEqual([a, block(b, c), a]);
  });

  it('moves a block as a whole and counts its inner layers toward the limit', () => {
    expect(moveLayer(stack, 1, -1)).toEqual(ok([block(b, c), a, a]));
    expect(countLayers(stack)).toBe(5);
    const full = Array.from({ length: MAX_HIDDEN_LAYERS - 3 }, () => a);
    expect(addLayer([...full, block(b, c)], 'dense', [full.length, 0]).ok).toBe(false);
    expect(addLayer([...full, block(b)], 'dense', [full.length, 0]).ok).toBe(true);
  });

  it('names the inner layer in a refusal and refuses what a block cannot hold', () => {
    const edited = editLayer(stack, [1, 0], { rate: 1 });
    expect(!edited.ok && edited.error).toMatch(/^Layer 2\.1 \(dropout\): rate must be/);
    expect(editLayer(stack, [0, 0], { units: 4 }).ok).toBe(false);
    expect(addLayer(stack, 'residual', [1, 0]).ok).toBe(false);
    expect(removeLayer([block(b)], [0, 0]).ok).toBe(false);
    const edit = editLayer(stack, 1, { layers: [] });
    expect(edit.ok && edit.value).toEqual(stack);
  });
});
