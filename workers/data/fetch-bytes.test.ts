import { afterEach, describe, expect, it } from 'vitest';
import { DownloadError, LimitExceededError } from '../../src/core/errors';
import { fetchBytes } from './fetch-bytes';
import { startServer, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

const never = new AbortController().signal;
const body = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);

function fetchWithLog(url: string, maxBytes?: number) {
  const seen: [number, number | null][] = [];
  const result = fetchBytes(url, never, (loaded, total) => seen.push([loaded, total]), {
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  return { result, seen };
}

describe('fetchBytes', () => {
  it('returns the body whole, with and without a Content-Length', async () => {
    const server = await serve({
      '/sized': { body, pieceBytes: 1000, delayMs: 5 },
      '/streamed': { body, pieceBytes: 1000, delayMs: 5, omitLength: true },
    });
    const sized = fetchWithLog(server.url('/sized'));
    const streamed = fetchWithLog(server.url('/streamed'));
    expect(await sized.result).toEqual({ ok: true, value: body });
    expect(await streamed.result).toEqual({ ok: true, value: body });
    expect(sized.seen.at(-1)).toEqual([5000, 5000]);
    expect(streamed.seen.at(-1)).toEqual([5000, null]);
  });

  it('refuses a redirect that lands on plain http outside this machine', async () => {
    // 127.0.0.2 reaches this machine but is not one of the names plain http is allowed for.
    const elsewhere = await serve({ '/x.csv': { body: 'a,b\n1,2\n' } }, '127.0.0.2');
    const server = await serve({ '/moved.csv': { redirect: elsewhere.url('/x.csv') } });
    const { result } = fetchWithLog(server.url('/moved.csv'));
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(DownloadError);
    expect(outcome.error).toMatchObject({ reason: 'refused-url' });
    expect(outcome.error.message).toMatch(/redirected elsewhere.*https/);
  });

  it('follows a redirect to another local address', async () => {
    const server = await serve({ '/moved': { redirect: '/here' }, '/here': { body } });
    expect(await fetchWithLog(server.url('/moved')).result).toEqual({ ok: true, value: body });
  });

  it('says which status the server answered', async () => {
    const server = await serve({ '/busy': { status: 503, body: 'later' } });
    const missing = await fetchWithLog(server.url('/missing')).result;
    const busy = await fetchWithLog(server.url('/busy')).result;
    expect(missing).toMatchObject({ ok: false, error: { reason: 'not-found' } });
    expect(!missing.ok && missing.error.message).toMatch(/404.*Check the address/);
    expect(busy).toMatchObject({ ok: false, error: { reason: 'http-status' } });
    expect(!busy.ok && busy.error.message).toMatch(/503.*Try again later/);
  });

  it.each([
    ['declares', false],
    ['streams without declaring', true],
  ])('refuses a body over the cap when the server %s its length', async (_, omitLength) => {
    const server = await serve({ '/big': { body, pieceBytes: 1000, omitLength } });
    const { result, seen } = fetchWithLog(server.url('/big'), 2500);
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(LimitExceededError);
    expect(outcome.error).toMatchObject({ code: 'limit-exceeded', limit: 'bytes' });
    // Reading stops at the cap: progress never passes it.
    expect(seen.every(([loaded]) => loaded <= 2500)).toBe(true);
  });

  it('reports a server that cannot be reached as a network failure', async () => {
    const server = await serve({});
    const url = server.url('/gone');
    await server.close();
    servers.splice(0);
    const outcome = await fetchWithLog(url).result;
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'network' } });
  });

  it('reports a download cancelled before it starts as cancelled', async () => {
    const server = await serve({ '/x': { body } });
    const aborted = new AbortController();
    aborted.abort();
    const outcome = await fetchBytes(server.url('/x'), aborted.signal, () => undefined);
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'cancelled' } });
  });

  it('gives up on a server that stops sending, saying how long it waited and what arrived', async () => {
    const server = await serve({
      '/stuck': { body, pieceBytes: 1000, stallAfter: 2000 },
      '/mute': { silent: true },
    });
    const seen: number[] = [];
    const started = performance.now();
    const stuck = await fetchBytes(server.url('/stuck'), never, (loaded) => seen.push(loaded), {
      stallMs: 300,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(seen.at(-1)).toBe(2000);
    expect(stuck).toMatchObject({ ok: false, error: { reason: 'stalled' } });
    expect(!stuck.ok && stuck.error.message).toMatch(
      /sent nothing for 0\.3 seconds after 2 KB, so Gradlab stopped waiting for stuck.*stopped\. Nothing was kept\. Try again later/,
    );
    const mute = await fetchBytes(server.url('/mute'), never, () => undefined, { stallMs: 300 });
    expect(mute).toMatchObject({ ok: false, error: { reason: 'stalled' } });
  });

  it('keeps waiting on a slow server as long as bytes keep coming', async () => {
    const server = await serve({
      '/slow': { body: body.subarray(0, 8), pieceBytes: 1, delayMs: 100 },
    });
    const outcome = await fetchBytes(server.url('/slow'), never, () => undefined, { stallMs: 300 });
    // 0.7 s in all, more than twice the stall limit, but never 0.3 s without a byte.
    expect(outcome).toEqual({ ok: true, value: body.subarray(0, 8) });
  });

  it('says cancelled, not stalled, when the user cancels a stuck download', async () => {
    const server = await serve({ '/stuck': { body, pieceBytes: 1000, stallAfter: 1000 } });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const outcome = await fetchBytes(server.url('/stuck'), cancel.signal, () => undefined, {
      stallMs: 5000,
    });
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'cancelled' } });
  });
});
