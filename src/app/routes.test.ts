import { describe, expect, it } from 'vitest';
import { CAPTURE_HASH, captureHash, datasetHash, parseRoute, sweepHash } from './routes';

describe('parseRoute', () => {
  it('names every page', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('/playground')).toEqual({ page: 'playground' });
    expect(parseRoute('/data')).toEqual({ page: 'data' });
    expect(parseRoute('/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('/notebook/abc-1_2')).toEqual({ page: 'notebook', id: 'abc-1_2' });
    expect(parseRoute('/lesson/single-neuron')).toEqual({ page: 'lesson', slug: 'single-neuron' });
    expect(parseRoute(sweepHash('0a1b2c').slice(1))).toEqual({ page: 'sweep', id: '0a1b2c' });
    expect(parseRoute(CAPTURE_HASH.slice(1))).toEqual({ page: 'capture', parent: null });
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    expect(parseRoute(captureHash(a).slice(1))).toEqual({ page: 'capture', parent: a });
    expect(parseRoute(datasetHash(a).slice(1))).toEqual({ page: 'dataset', sha256: a, diff: null });
    expect(parseRoute(datasetHash(b, a).slice(1))).toEqual({ page: 'dataset', sha256: b, diff: a });
  });

  it('refuses ids that are not plain names', () => {
    for (const path of [
      '/notebook/',
      '/notebook/a/b',
      '/notebook/<x>',
      '/lesson/..',
      '/sweep/a b',
      '/data/abc',
      `/data/${'A'.repeat(64)}`,
      `/data/${'a'.repeat(64)}/diff/x`,
      '/capture/abc',
      '/other',
    ]) {
      expect(parseRoute(path).page).toBe('missing');
    }
  });
});
