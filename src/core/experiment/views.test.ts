import { describe, expect, it } from 'vitest';
import type { ExperimentCell } from '../bundle/schema';
import { DEFAULT_CONFIG } from '../train/config';
import { newExperimentCell } from '../notebook/cells';
import { MLP } from '../notebook/test-bundles';
import { isNotebookView, isViewShown, NOTEBOOK_VIEWS, toggleView } from './views';

const cell = (views: string[]): ExperimentCell => ({
  ...newExperimentCell('exp', 'data', MLP, DEFAULT_CONFIG),
  views,
});

describe('NOTEBOOK_VIEWS', () => {
  it('lists each teaching view once, with a label', () => {
    expect(NOTEBOOK_VIEWS.map((v) => v.view)).toEqual([
      'boundary',
      'curves',
      'confusion',
      'predictions',
      'weights',
      'featureMaps',
      'drawing',
      'compare',
    ]);
    for (const { label } of NOTEBOOK_VIEWS) expect(label.length).toBeGreaterThan(3);
    expect(isNotebookView('weights')).toBe(true);
    expect(isNotebookView('sparkles')).toBe(false);
  });
});

describe('toggleView', () => {
  it('shows a view in NOTEBOOK_VIEWS order and hides it again', () => {
    const start = cell(['curves', 'weights']);
    const shown = toggleView(start, 'confusion');
    expect(shown.views).toEqual(['curves', 'confusion', 'weights']);
    expect(isViewShown(shown, 'confusion')).toBe(true);
    expect(toggleView(shown, 'boundary').views).toEqual([
      'boundary',
      'curves',
      'confusion',
      'weights',
    ]);
    expect(toggleView(shown, 'compare').views).toEqual([
      'curves',
      'confusion',
      'weights',
      'compare',
    ]);
    expect(toggleView(shown, 'confusion').views).toEqual(['curves', 'weights']);
    expect(start.views).toEqual(['curves', 'weights']);
    expect(isViewShown(start, 'confusion')).toBe(false);
  });

  it('keeps views it does not know where they are', () => {
    expect(toggleView(cell(['x-3d', 'weights']), 'curves').views).toEqual([
      'x-3d',
      'curves',
      'weights',
    ]);
    expect(toggleView(cell(['weights', 'x-3d']), 'curves').views).toEqual([
      'curves',
      'weights',
      'x-3d',
    ]);
  });

  it('keeps a full list as it is', () => {
    const full = cell(Array.from({ length: 32 }, (_, i) => `x-${i}`));
    expect(toggleView(full, 'curves')).toBe(full);
  });
});
