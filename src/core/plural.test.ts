import { describe, expect, it } from 'vitest';
import { counted, nounFor } from './plural';

describe('plural forms', () => {
  it('takes the singular for one only', () => {
    expect(counted(1, 'cell')).toBe('1 cell');
    expect(counted(2, 'cell')).toBe('2 cells');
    expect(counted(0, 'experiment')).toBe('0 experiments');
    expect(counted(1.5, 'epoch')).toBe('1.5 epochs');
  });

  it('uses the plural it is given for irregular nouns', () => {
    expect(counted(1, 'class', 'classes')).toBe('1 class');
    expect(counted(3, 'class', 'classes')).toBe('3 classes');
    expect(nounFor(1, 'is', 'are')).toBe('is');
    expect(nounFor(4, 'is', 'are')).toBe('are');
  });

  it('writes large counts with thousands separators', () => {
    expect(counted(10000, 'example')).toBe('10,000 examples');
    expect(counted(1234567, 'param')).toBe('1,234,567 params');
  });
});
