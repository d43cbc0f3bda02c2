import { describe, expect, it } from 'vitest';
import type { AppState } from '../../store/app-state';
import { createTestStore } from '../../store/test-store';
import { jobOf } from '../train/slice';
import { modelError } from './slice';

describe('model slice', () => {
  it('sends the edited stack with the output the dataset dictates', () => {
    const { get } = createTestStore();
    get().addLayer('dropout');
    expect(get().editLayer(2, { rate: 0.3 })).toBeNull();
    expect(jobOf(get()).model.layers).toEqual([
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 2, activation: 'softmax' },
    ]);
  });

  it('refuses an invalid edit with its message and keeps the layer', () => {
    const { get } = createTestStore();
    const before = get().layers;
    expect(get().editLayer(0, { units: 2 ** 31 })).toMatch(/^Layer 1 \(dense\): units/);
    expect(get().layers).toBe(before);
  });

  it('undoes and redoes through the slice', () => {
    let clock = 0;
    const { get } = createTestStore(() => (clock += 5000));
    get().removeLayer(0);
    get().moveLayer(0, -1);
    expect(get().layers).toHaveLength(1);
    get().undoModel();
    expect(get().layers).toHaveLength(2);
    get().redoModel();
    expect(get().layers).toHaveLength(1);
    get().applyPreset('logistic');
    expect(get().layers).toEqual([]);
    get().undoModel();
    expect(get().layers).toHaveLength(1);
  });

  it('will not train or step while the spec is invalid, and says why', () => {
    const { get, sent } = createTestStore();
    expect(modelError(get())).toBeNull();
    get().addLayer('conv2d');
    expect(modelError(get())).toMatch(/^Layer 3 \(conv2d\): needs an input of shape/);
    get().train();
    get().step();
    expect(sent).toEqual([]);
    get().undoModel();
    get().train();
    expect(sent.map((c) => c.type)).toEqual(['start']);
  });

  it('switches to a small CNN when an image dataset is chosen, with a note, undoably', () => {
    const { get, set } = createTestStore();
    get().fitModelToDataset();
    expect(get().fittedRank).toBe(1);
    expect(get().modelNote).toBeNull();
    const digits = {
      header: {
        name: 'digits',
        kind: 'image',
        task: 'classification',
        inputShape: [28, 28, 1],
        classNames: ['0', '1', '2'],
        count: 10,
      },
    } as unknown as AppState['activeRecord'];
    set({
      datasetChoice: { kind: 'stored', ref: { kind: 'shipped', name: 'mnist-10k' } },
      activeRecord: digits,
    });
    expect(modelError(get())).toMatch(/flatten/);
    get().fitModelToDataset();
    expect(get().layers.map((l) => l.type)).toEqual(['conv2d', 'maxPooling2d', 'flatten']);
    expect(get().modelNote).toMatch(/small CNN/);
    expect(modelError(get())).toBeNull();
    expect(jobOf(get()).model.layers.at(-1)).toEqual({
      type: 'dense',
      units: 3,
      activation: 'softmax',
    });
    get().undoModel();
    expect(get().layers.map((l) => l.type)).toEqual(['dense', 'dense']);
  });
});
