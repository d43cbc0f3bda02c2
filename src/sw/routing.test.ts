import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange, routeRequest } from './routing';

const SCOPE = 'https://example.org/gradlab/';
const PRECACHED = new Set(
  ['index.html', 'assets/index-abc.js', 'datasets/mnist-10k.gds.gz', 'lessons/index.json'].map(
    (path) => new URL(path, SCOPE).href,
  ),
);
const get = (url: string) => routeRequest({ url, method: 'GET' }, SCOPE, PRECACHED);

describe('routeRequest', () => {
  it('answers the scope and index.html with the cached index.html, whatever the query', () => {
    const index = { kind: 'precache', url: `${SCOPE}index.html` };
    expect(get(SCOPE)).toEqual(index);
    expect(get(`${SCOPE}?backend=cpu`)).toEqual(index);
    expect(get(`${SCOPE}index.html?backend=wasm#/playground`)).toEqual(index);
  });

  it('answers the build’s files from the cache', () => {
    expect(get(`${SCOPE}assets/index-abc.js`)).toEqual({
      kind: 'precache',
      url: `${SCOPE}assets/index-abc.js`,
    });
    expect(get(`${SCOPE}datasets/mnist-10k.gds.gz?v=1`)).toEqual({
      kind: 'precache',
      url: `${SCOPE}datasets/mnist-10k.gds.gz`,
    });
  });

  it('sends everything else to the network', () => {
    expect(get(`${SCOPE}assets/other.js`)).toEqual({ kind: 'network' });
    // The same path on another origin: a dataset host, never cached.
    expect(get('https://data.example.com/gradlab/assets/index-abc.js')).toEqual({
      kind: 'network',
    });
    expect(get('http://localhost:4174/generated/csv/good.csv')).toEqual({ kind: 'network' });
    // Outside the sub-path the app is published under.
    expect(get('https://example.org/index.html')).toEqual({ kind: 'network' });
    expect(routeRequest({ url: `${SCOPE}index.html`, method: 'POST' }, SCOPE, PRECACHED)).toEqual({
      kind: 'network',
    });
    expect(get('not a url')).toEqual({ kind: 'network' });
  });

  it('works at the site root too', () => {
    const root = 'http://localhost:4173/';
    const files = new Set([`${root}index.html`]);
    expect(routeRequest({ url: `${root}?backend=cpu`, method: 'GET' }, root, files)).toEqual({
      kind: 'precache',
      url: `${root}index.html`,
    });
  });
});

describe('parseRange', () => {
  it('reads the three single-range forms', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ kind: 'partial', start: 990, end: 999 });
  });

  it('refuses ranges past the end', () => {
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
  });

  it('gives the whole file for what it does not serve', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=5-2', 'bytes=-', 'garbage']) {
      expect(parseRange(header, 1000)).toEqual({ kind: 'full' });
    }
  });

  it('never cuts outside the file', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(10_000), (header, size) => {
        const range = parseRange(header, size);
        if (range.kind !== 'partial') return;
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.start).toBeLessThanOrEqual(range.end);
        expect(range.end).toBeLessThan(size);
      }),
    );
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.integer({ min: 1, max: 10_000 }),
        (a, b, size) => {
          const range = parseRange(`bytes=${Math.min(a, b)}-${Math.max(a, b)}`, size);
          if (Math.min(a, b) >= size) expect(range).toEqual({ kind: 'unsatisfiable' });
          else
            expect(range).toEqual({
              kind: 'partial',
              start: Math.min(a, b),
              end: Math.min(Math.max(a, b), size - 1),
            });
        },
      ),
    );
  });
});
