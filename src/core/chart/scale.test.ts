import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from './scale';

describe('scales', () => {
  it('maps linearly, flipping when the range runs backwards', () => {
    const s = scaleLinear(-1, 1, 100, 0);
    expect(s(-1)).toBe(100);
    expect(s(0)).toBe(50);
    expect(s(1)).toBe(0);
  });

  it('maps a collapsed domain to the middle', () => {
    expect(scaleLinear(3, 3, 0, 10)(3)).toBe(5);
  });

  it('maps decades evenly on a log scale', () => {
    const s = scaleLog(0.01, 1, 0, 100);
    expect(s(0.01)).toBeCloseTo(0);
    expect(s(0.1)).toBeCloseTo(50);
    expect(s(1)).toBeCloseTo(100);
  });
});
