import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolation } from './isolation';

const COOP = 'Cross-Origin-Opener-Policy';
const COEP = 'Cross-Origin-Embedder-Policy';

describe('withIsolation', () => {
  it('adds COOP same-origin and COEP require-corp, keeping the status, the headers and the body', async () => {
    const host = new Response('<!doctype html>', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
    });
    const served = withIsolation(host);
    expect(served.headers.get(COOP)).toBe('same-origin');
    expect(served.headers.get(COEP)).toBe('require-corp');
    expect(served.status).toBe(200);
    expect(served.statusText).toBe('OK');
    expect(served.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(served.headers.get('Cache-Control')).toBe('no-cache');
    expect(await served.text()).toBe('<!doctype html>');
  });

  it('replaces other values a host sent, so the app always runs under the one policy', () => {
    const host = new Response('x', { headers: { [COEP]: 'unsafe-none', [COOP]: 'unsafe-none' } });
    const served = withIsolation(host);
    expect(served.headers.get(COOP)).toBe('same-origin');
    expect(served.headers.get(COEP)).toBe('require-corp');
  });

  it('returns a response that already has both headers as it is', () => {
    const host = new Response('x', { headers: ISOLATION_HEADERS });
    expect(withIsolation(host)).toBe(host);
  });

  it('keeps a byte range: status 206, Content-Range and the sliced bytes', async () => {
    const range = new Response(new Uint8Array([3, 4, 5]), {
      status: 206,
      headers: { 'Content-Range': 'bytes 3-5/10', 'Content-Length': '3' },
    });
    const served = withIsolation(range);
    expect(served.status).toBe(206);
    expect(served.headers.get('Content-Range')).toBe('bytes 3-5/10');
    expect(served.headers.get(COEP)).toBe('require-corp');
    expect([...new Uint8Array(await served.arrayBuffer())]).toEqual([3, 4, 5]);
  });

  it('keeps a bodiless answer bodiless (416, 304)', () => {
    const unsatisfiable = withIsolation(
      new Response(null, { status: 416, headers: { 'Content-Range': 'bytes */10' } }),
    );
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.body).toBeNull();
    expect(unsatisfiable.headers.get(COOP)).toBe('same-origin');
    expect(withIsolation(new Response(null, { status: 304 })).status).toBe(304);
  });

  it('passes a status-0 response (opaque, or a network error) through untouched', () => {
    const failed = Response.error();
    expect(withIsolation(failed)).toBe(failed);
  });
});
