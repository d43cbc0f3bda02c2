import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED, readRemembered, remember } from './measurement-cache';

const entry = (at: number) => ({
  model: '338 parameters, batch 32',
  results: [
    { backend: 'wasm' as const, outcome: 'measured' as const, samplesPerSec: 24_100, note: '' },
  ],
  at,
});

describe('remembered measurements', () => {
  it('reads back what was stored, and drops what does not parse', () => {
    const stored = remember({}, 'a', entry(1));
    expect(readRemembered(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    const damaged = {
      a: entry(1),
      b: {
        ...entry(2),
        results: [{ backend: 'tpu', outcome: 'measured', samplesPerSec: 1, note: '' }],
      },
      c: 'not an entry',
    };
    expect(Object.keys(readRemembered(damaged))).toEqual(['a']);
    // Figures no measurement gives: an entry from a broken write is measured again.
    const impossible = {
      a: { ...entry(1), results: [{ ...entry(1).results[0], samplesPerSec: -5 }] },
    };
    expect(readRemembered(impossible)).toEqual({});
    expect(readRemembered({ a: { model: 'm', results: [] } })).toEqual({});
    expect(readRemembered(null)).toEqual({});
    expect(readRemembered([entry(1)])).toEqual({});
  });

  it('replaces the figures of a key measured again, and keeps the others', () => {
    const first = remember(remember({}, 'a', entry(1)), 'b', entry(2));
    const again = remember(first, 'a', { ...entry(3), model: 'measured again' });
    expect(again.a).toEqual({ ...entry(3), model: 'measured again' });
    expect(again.b).toEqual(entry(2));
    expect(Object.keys(again)).toHaveLength(2);
  });

  it(`keeps the newest ${MAX_REMEMBERED}`, () => {
    let all = {};
    for (let i = 0; i < MAX_REMEMBERED + 5; i++) all = remember(all, `k${i}`, entry(i));
    const keys = Object.keys(all);
    expect(keys).toHaveLength(MAX_REMEMBERED);
    expect(keys).not.toContain('k4');
    expect(keys).toContain('k5');
    expect(keys).toContain(`k${MAX_REMEMBERED + 4}`);
  });
});
