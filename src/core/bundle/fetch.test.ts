import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../hash';
import { fetchBundleBytes } from './fetch';

const body = new TextEncoder().encode('{"type":"gradlab/bundle"}');

/** A fetch that answers `response` and records what it was asked. */
function fakeFetch(response: () => Response) {
  const calls: [string, RequestInit | undefined][] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push([String(input), init]);
    return response();
  }) as typeof fetch;
  return { fetchFn, calls };
}

const landedAt = (response: Response, url: string): Response => {
  Object.defineProperty(response, 'url', { value: url });
  return response;
};

const failed = async (promise: ReturnType<typeof fetchBundleBytes>) => {
  const result = await promise;
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe('fetchBundleBytes', () => {
  it('reads the body without credentials and checks its sha256', async () => {
    const { fetchFn, calls } = fakeFetch(() => new Response(body));
    const hash = await sha256Hex(body);
    const result = await fetchBundleBytes('https://example.org/b.json', hash, { fetchFn });
    expect(result).toEqual({ ok: true, value: body });
    expect(calls[0]?.[1]?.credentials).toBe('omit');
  });

  it('refuses bytes whose sha256 is not the one pinned', async () => {
    const { fetchFn } = fakeFetch(() => new Response(body));
    const error = await failed(
      fetchBundleBytes('https://example.org/b.json', '0'.repeat(64), { fetchFn }),
    );
    expect(error.code).toBe('integrity');
    expect(error.message).toMatch(/does not match the sha256/);
  });

  it('refuses http, file and data addresses before fetching', async () => {
    const { fetchFn, calls } = fakeFetch(() => new Response(body));
    for (const address of ['http://example.org/b.json', 'file:///b.json', 'data:,{}']) {
      expect((await failed(fetchBundleBytes(address, null, { fetchFn }))).code).toBe('download');
    }
    expect(calls).toEqual([]);
  });

  it('refuses a redirect to plain http', async () => {
    const { fetchFn } = fakeFetch(() => landedAt(new Response(body), 'http://evil.example/b'));
    const error = await failed(fetchBundleBytes('https://example.org/b.json', null, { fetchFn }));
    expect(error.message).toMatch(/redirected/);
  });

  it('refuses a body longer than its Content-Length', async () => {
    const { fetchFn } = fakeFetch(
      () => new Response(body, { headers: { 'content-length': String(body.length - 5) } }),
    );
    const error = await failed(fetchBundleBytes('https://example.org/b.json', null, { fetchFn }));
    expect(error.message).toMatch(/Content-Length/);
  });

  it('stops reading at the byte cap, whatever the headers say', async () => {
    const { fetchFn } = fakeFetch(() => new Response(body));
    const error = await failed(
      fetchBundleBytes('https://example.org/b.json', null, { fetchFn, maxBytes: 10 }),
    );
    expect(error.code).toBe('limit-exceeded');
  });

  it('says what the server answered when it is not a success', async () => {
    const { fetchFn } = fakeFetch(() => new Response('gone', { status: 404 }));
    const error = await failed(fetchBundleBytes('https://example.org/b.json', null, { fetchFn }));
    expect(error.message).toMatch(/404/);
  });
});
