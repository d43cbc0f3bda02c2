import { describe, expect, it } from 'vitest';
import { isPrecached, precacheManifest } from './vite-plugin-sw';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('precacheManifest', () => {
  const files = [
    { path: 'index.html', bytes: bytes('<html>') },
    { path: 'assets/index-abc.js', bytes: bytes('console.log(1)') },
    { path: 'datasets/iris.csv', bytes: bytes('a,b\n1,2\n') },
  ];

  it('lists the files sorted, whatever order they come in', () => {
    const manifest = precacheManifest([...files].reverse());
    expect(manifest.paths).toEqual(['assets/index-abc.js', 'datasets/iris.csv', 'index.html']);
    expect(manifest.buildId).toBe(precacheManifest(files).buildId);
    expect(manifest.buildId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives a new build id when a file’s bytes, a name or the list change', () => {
    const id = precacheManifest(files).buildId;
    const changedBytes = files.map((f) =>
      f.path === 'datasets/iris.csv' ? { ...f, bytes: bytes('a,b\n1,3\n') } : f,
    );
    const renamed = files.map((f) => (f.path === 'index.html' ? { ...f, path: 'index2.html' } : f));
    const added = [...files, { path: 'lessons/index.json', bytes: bytes('[]') }];
    const ids = [changedBytes, renamed, added].map((list) => precacheManifest(list).buildId);
    expect(new Set([id, ...ids]).size).toBe(4);
  });
});

describe('isPrecached', () => {
  it('leaves out the worker itself and source maps', () => {
    expect(isPrecached('sw.js', 'sw.js')).toBe(false);
    expect(isPrecached('assets/index-abc.js.map', 'sw.js')).toBe(false);
    expect(isPrecached('assets/index-abc.js', 'sw.js')).toBe(true);
    expect(isPrecached('assets/tfjs-backend-wasm-simd-x.wasm', 'sw.js')).toBe(true);
  });
});
