import { describe, expect, it } from 'vitest';
import { shown } from './shown';

describe('a value from outside in a message', () => {
  it('is quoted through JSON, never through its own toString', () => {
    expect(shown('iris')).toBe('iris');
    expect(shown([{ toString: false }])).toBe('[{"toString":false}]');
    expect(shown({ valueOf: 1, toString: 'x' })).toBe('{"valueOf":1,"toString":"x"}');
    expect(shown(undefined)).toBe('undefined');
    expect(shown(7)).toBe('7');
    expect(shown('x'.repeat(100))).toHaveLength(60);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(shown(cyclic)).toBe('a value that cannot be shown');
  });
});
