import { describe, expect, it } from 'vitest';
import { parseRoute, sweepHash } from './routes';

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
  });

  it('refuses ids that are not plain names', () => {
    for (const path of [
      '/notebook/',
      '/notebook/a/b',
      '/notebook/<x>',
      '/lesson/..',
      '/sweep/a b',
      '/other',
    ]) {
      expect(parseRoute(path).page).toBe('missing');
    }
  });
});
