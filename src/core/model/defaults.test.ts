import { describe, expect, it } from 'vitest';
import { DEFAULT_HIDDEN, playgroundSpec } from './defaults';
import { validateSpec } from './validate';

describe('playgroundSpec', () => {
  it('stacks the hidden dense layers and the output layer', () => {
    const spec = playgroundSpec(DEFAULT_HIDDEN, { units: 3, activation: 'softmax' });
    expect(spec).toEqual({
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 3, activation: 'softmax' },
      ],
    });
    expect(validateSpec(spec).ok).toBe(true);
  });

  it('allows no hidden layers', () => {
    expect(
      playgroundSpec({ units: [], activation: 'relu' }, { units: 1, activation: 'linear' }),
    ).toEqual({ layers: [{ type: 'dense', units: 1, activation: 'linear' }] });
  });
});
