/**
 * The data worker's protocol end to end: the page's bridge with DATA_WORKER on one port of a
 * MessageChannel, the worker's controller on the other, fake-indexeddb behind it. What crosses is
 * cloned and transferred as between a page and a worker, and the page parses every event.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { goodCsv } from '../../scripts/datasets/tables';
import { canonicalJson } from '../../src/core/bundle/canonical';
import { encodeBundleFile } from '../../src/core/bundle/file';
import { duplicateBundleZip, sharedStreamZip } from '../../src/core/bundle/test-bombs';
import { testBundle } from '../../src/core/bundle/test-bundle';
import v1 from '../../src/core/bundle/fixtures/v1.json';
import { SCHEMA_VERSION } from '../../src/core/bundle/schema';
import { validateBundle } from '../../src/core/bundle/validate';
import { parseDataEvent } from '../../src/core/data-protocol';
import { listDatasets } from '../../src/storage/datasets-repo';
import { closeBridges, dataOverBridge } from './test-bridge';
import { startServer, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  closeBridges();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function setUp() {
  const { db, ...rest } = dataOverBridge();
  return { ...rest, stored: async () => listDatasets(await db()) };
}

const csvFile = (text: string) => ({ path: 'fruit.csv', blob: new Blob([text]) });

describe('the data worker over the bridge', () => {
  it('answers an import with its saved record and a sample with transferred pixels', async () => {
    const { bridge, lost } = setUp();
    const phases: string[] = [];
    const imported = await bridge.request(
      { type: 'importCsv', file: csvFile(goodCsv()), header: 'auto', target: 4, task: 'auto' },
      { onProgress: (event) => phases.push(event.phase) },
    ).done;
    if (!imported.ok) throw imported.error;
    expect(imported.value.record.header.count).toBe(300);
    expect(phases).toContain('read');
    expect(phases).toContain('store');

    const sampled = await bridge.request({
      type: 'sample',
      sha256: imported.value.record.sha256,
      count: 4,
    }).done;
    if (!sampled.ok) throw sampled.error;
    expect(sampled.value.sample.labels).toHaveLength(4);
    expect(sampled.value.sample.x).toBeInstanceOf(Float32Array);
    expect(lost).toEqual([]);
  });

  it("settles with the worker's own error, which the UI shows as it is", async () => {
    const { bridge } = setUp();
    const answer = await bridge.request({
      type: 'inspectCsv',
      file: csvFile('a,b\n1\n'),
      header: 'auto',
    }).done;
    expect(answer).toMatchObject({ ok: false, error: { code: 'data-format' } });
  });

  it('cancels a download in the worker when its signal aborts, keeping nothing', async () => {
    const body = new Uint8Array(40 * 1024).fill(65);
    const server = await startServer({ '/slow.csv': { body, pieceBytes: 1024, delayMs: 100 } });
    servers.push(server);
    const { bridge, received, stored } = setUp();
    const abort = new AbortController();
    let progressed = false;
    const job = bridge.request(
      {
        type: 'download',
        name: 'Slow',
        format: 'csv',
        files: [{ url: server.url('/slow.csv'), sha256: null }],
      },
      { signal: abort.signal, onProgress: () => (progressed = true) },
    );
    while (!progressed) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    expect(await job.done).toMatchObject({ ok: false, error: { code: 'aborted' } });
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received[1]).toEqual({ type: 'cancel', requestId: job.requestId });
    // The download stops well before the 4 s the whole body takes; nothing was stored.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stored()).toEqual([]);
  });

  it('reads a bundle file, answering with its JSON and its entries transferred', async () => {
    const { bridge, received } = setUp();
    const bundle = await testBundle();
    const weights = Uint8Array.from({ length: 4096 }, (_, i) => i % 7);
    const file = encodeBundleFile(canonicalJson(bundle), { 'weights/r.bin': weights });
    const read = await bridge.request({
      type: 'readBundle',
      source: { kind: 'file', name: 'b.gradlab.zip', blob: new Blob([file as BlobPart]) },
    }).done;
    if (!read.ok) throw read.error;
    expect(read.value.bundle).toEqual(bundle);
    expect(read.value.extras).toEqual([{ path: 'weights/r.bin', bytes: weights }]);
    // Nothing went to storage: the worker never needed its database for this.
    expect(received).toHaveLength(1);
  });

  it('answers with the bundle validated and migrated in the worker, not its JSON as written', async () => {
    const { bridge } = setUp();
    const read = await bridge.request({
      type: 'readBundle',
      source: { kind: 'file', name: 'v1.json', blob: new Blob([JSON.stringify(v1)]) },
    }).done;
    if (!read.ok) throw read.error;
    const validated = validateBundle(v1);
    if (!validated.ok) throw validated.error;
    expect(read.value.bundle).toEqual(validated.value);
    expect(read.value.bundle).toMatchObject({ id: v1.id, schemaVersion: SCHEMA_VERSION });
    // The previous answer, the JSON as written, is no longer one the page accepts.
    const raw = { type: 'bundleRead', requestId: 'r1', bundle: v1, extras: [], datasets: [] };
    expect(parseDataEvent(raw).ok).toBe(false);
  });

  it.each([
    [
      'two bundle.json entries',
      () => duplicateBundleZip(new Uint8Array(2), new Uint8Array(2)),
      /two entries named "bundle\.json"/,
    ],
    [
      'ten names on one stream',
      () => sharedStreamZip(new TextEncoder().encode('{}'), 10, 50),
      /share the same bytes/,
    ],
  ])('refuses a bundle file with %s in the worker', async (_, zip, message) => {
    const { bridge } = setUp();
    const read = await bridge.request({
      type: 'readBundle',
      source: { kind: 'file', name: 'x.gradlab.zip', blob: new Blob([zip() as BlobPart]) },
    }).done;
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.message).toMatch(message);
  });

  it('reports a bundle download as it arrives, and gives up when the server stalls', async () => {
    const { bridge } = setUp();
    const body = new Uint8Array(5000);
    const server = await startServer({
      '/stuck.json': { body, pieceBytes: 1000, delayMs: 150, stallAfter: 3000 },
    });
    servers.push(server);
    const seen: [number, number | null][] = [];
    const read = await bridge.request(
      {
        type: 'readBundle',
        source: { kind: 'url', url: server.url('/stuck.json'), sha256: null },
        stallMs: 500,
      },
      { onProgress: (event) => seen.push([event.loaded, event.total]) },
    ).done;
    expect(seen.at(-1)).toEqual([3000, 5000]);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error.message).toMatch(
      /sent nothing for 0\.5 seconds after 2\.9 KB, so Gradlab stopped waiting for the bundle.*Nothing was opened/,
    );
  });
});
