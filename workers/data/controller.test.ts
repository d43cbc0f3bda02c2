/**
 * The data worker's controller against real parts: fake-indexeddb, a real HTTP server on
 * localhost, Node's fetch, and fixtures made by the dataset scripts. Image formats need
 * createImageBitmap and are covered by the e2e tests instead.
 */
import 'fake-indexeddb/auto';
import { gunzipSync, gzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { FASHION_CLASSES, fashionIdx } from '../../scripts/datasets/fashion';
import { loadDigits, packDigits } from '../../scripts/datasets/mnist';
import { irisCsv } from '../../scripts/datasets/iris';
import { goodCsv, malformedCsv } from '../../scripts/datasets/tables';
import { decodePacked, encodePacked, type PackedDataset } from '../../src/core/data/packed';
import { parseDataEvent, type DataCommand, type DataEvent } from '../../src/core/data-protocol';
import { KEPT_CSV_BYTES, type SharedDatasetDetails } from '../../src/core/data/stored-dataset';
import { sha256Hex } from '../../src/core/hash';
import { listDatasets, readDatasetBytes } from '../../src/storage/datasets-repo';
import { openGradlabDb, type GradlabDb } from '../../src/storage/open';
import { createDataController } from './controller';
import { startServer, type TestServer } from './test-server';

type Saved = Extract<DataEvent, { type: 'saved' }>;
type Failed = Extract<DataEvent, { type: 'error' }>;
type Progress = Extract<DataEvent, { type: 'progress' }>;

const servers: TestServer[] = [];
/** Why the page would refuse each event posted in the test: every one must pass its schema. */
const refused: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  expect(refused.splice(0)).toEqual([]);
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** A controller on its own database, recording every event it posts. */
async function setUp() {
  const name = `data-worker-${crypto.randomUUID()}`;
  const events: DataEvent[] = [];
  const transfers: Transferable[][] = [];
  const controller = createDataController(
    (event, transfer) => {
      const parsed = parseDataEvent(event);
      if (!parsed.ok) refused.push(parsed.error.message);
      events.push(event);
      transfers.push(transfer ?? []);
    },
    () => openGradlabDb({ name }),
  );
  const opened = await openGradlabDb({ name });
  if (!opened.ok) throw opened.error;
  const db: GradlabDb = opened.value;
  const of = (requestId: number) => events.filter((event) => event.requestId === requestId);
  /** The one event that ends job `id`; fails the test unless exactly one did. */
  const ending = (id: number) => {
    const endings = of(id).filter((event) => event.type !== 'progress');
    expect(endings).toHaveLength(1);
    return endings[0] as DataEvent;
  };
  const saved = (id: number): Saved => {
    const end = ending(id);
    if (end.type !== 'saved') throw new Error(`job ${id} ended with ${JSON.stringify(end)}`);
    return end;
  };
  const failed = (id: number): Failed['error'] => {
    const end = ending(id);
    if (end.type !== 'error') throw new Error(`job ${id} ended with ${end.type}, not an error`);
    return end.error;
  };
  const progress = (id: number, phase: Progress['phase']) =>
    of(id).filter((e): e is Progress => e.type === 'progress' && e.phase === phase);
  // Typed, so a change to the protocol shows here at compile time, not as a protocol error.
  const send = (command: DataCommand) => controller.handle(command);
  return { send, events, transfers, db, saved, failed, progress };
}

const nothingStored = async (db: GradlabDb) => {
  expect(await listDatasets(db)).toEqual([]);
  expect(await db.count('pieces')).toBe(0);
};

async function storedPacked(db: GradlabDb, sha256: string): Promise<PackedDataset> {
  const bytes = await readDatasetBytes(db, sha256, { verify: true });
  if (!bytes.ok) throw bytes.error;
  const packed = decodePacked(bytes.value);
  if (!packed.ok) throw packed.error;
  return packed.value;
}

/** Eight pieces 60 ms apart: long enough for the 100 ms progress throttle to let several out. */
const slowly = (body: Uint8Array | string) => ({
  body,
  pieceBytes: Math.ceil((typeof body === 'string' ? body.length : body.length) / 8),
  delayMs: 60,
});

const strictlyGrowing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]!);

let digits: PackedDataset | undefined;
/** The first `count` real digits; the 10,000 are read once for the whole file. */
function digitSubset(count: number): PackedDataset {
  digits ??= packDigits(loadDigits());
  return {
    header: { ...digits.header, count },
    x: digits.x.subarray(0, count * 784),
    y: digits.y.subarray(0, count),
  };
}

const blob = (text: string) => ({ path: 'fruit.csv', blob: new Blob([text]) });

describe('download', () => {
  it('fetches a CSV with growing progress, then saves it whole with its source', async () => {
    const csv = goodCsv();
    const server = await serve({ '/fruit.csv': slowly(csv) });
    const { send, db, saved, progress } = await setUp();
    const url = server.url('/fruit.csv');

    await send({
      type: 'download',
      requestId: 1,
      name: 'Fruit',
      format: 'csv',
      files: [{ url, sha256: await sha256Hex(new TextEncoder().encode(csv)) }],
    });

    const loaded = progress(1, 'download').map((p) => p.loaded);
    expect(loaded.length).toBeGreaterThanOrEqual(3);
    expect(strictlyGrowing(loaded)).toBe(true);
    expect(loaded.at(-1)).toBe(new TextEncoder().encode(csv).length);
    const { record, created } = saved(1);
    expect(created).toBe(true);
    expect(record.source).toEqual({ kind: 'url', url, format: 'csv' });
    // The name the download was given, not its file's ("fruit").
    expect(record.name).toBe('Fruit');
    expect(record.header).toMatchObject({
      name: 'Fruit',
      count: 300,
      task: 'classification',
      classNames: ['apple', 'banana', 'cherry'],
      // Three numeric columns and the colour one-hot encoded.
      inputShape: [6],
      featureNames: [
        'length_cm',
        'width_cm',
        'weight_g',
        'color=green',
        'color=red',
        'color=yellow',
      ],
    });
    expect(record.classCounts).toEqual([100, 100, 100]);
    const packed = await storedPacked(db, record.sha256);
    expect(packed.header).toEqual(record.header);
    expect(packed.y).toHaveLength(300);
  });

  it('fetches gzipped IDX images and labels and stores exactly their pixels and labels', async () => {
    const { images, labels } = fashionIdx();
    const server = await serve({ '/images.gz': slowly(images), '/labels.gz': slowly(labels) });
    const { send, db, saved, progress } = await setUp();

    await send({
      type: 'download',
      requestId: 7,
      name: 'Fashion',
      format: 'idx',
      files: [
        { url: server.url('/images.gz'), sha256: null },
        { url: server.url('/labels.gz'), sha256: null },
      ],
      classNames: [...FASHION_CLASSES],
    });

    const download = progress(7, 'download');
    // Each file has its own bar, named in the detail, growing to its own length.
    const first = download.filter((p) => p.detail === 'file 1 of 2');
    const second = download.filter((p) => p.detail === 'file 2 of 2');
    expect(first.length + second.length).toBe(download.length);
    expect(strictlyGrowing(first.map((p) => p.loaded))).toBe(true);
    expect(first.at(-1)).toMatchObject({ loaded: images.length, total: images.length });
    expect(second.at(-1)).toMatchObject({ loaded: labels.length, total: labels.length });
    const { record } = saved(7);
    expect(record.header).toMatchObject({
      count: 500,
      kind: 'image',
      inputShape: [28, 28, 1],
      xType: 'uint8',
      classNames: [...FASHION_CLASSES],
    });
    expect(record.source).toEqual({ kind: 'url', url: server.url('/images.gz'), format: 'idx' });
    expect(record.sourceSha256).toBe(await sha256Hex(images));
    const packed = await storedPacked(db, record.sha256);
    // IDX headers: 16 bytes for rank-3 images, 8 for rank-1 labels.
    expect(packed.x).toEqual(gunzipSync(images).subarray(16));
    expect(Array.from(packed.y)).toEqual(Array.from(gunzipSync(labels).subarray(8)));
  });

  it('keeps nothing when the bytes do not match the promised SHA-256', async () => {
    const server = await serve({ '/fruit.csv': { body: goodCsv() } });
    const { send, db, failed } = await setUp();

    await send({
      type: 'download',
      requestId: 2,
      name: 'Fruit',
      format: 'csv',
      files: [{ url: server.url('/fruit.csv'), sha256: 'ab'.repeat(32) }],
    });

    const error = failed(2);
    expect(error.code).toBe('integrity');
    expect(error.message).toMatch(/SHA-256/);
    await nothingStored(db);
  });

  it('stops on cancel after the first progress event and keeps nothing', async () => {
    const body = new Uint8Array(40 * 1024).fill(65);
    const server = await serve({ '/slow.csv': { body, pieceBytes: 1024, delayMs: 100 } });
    const { send, db, events, failed } = await setUp();

    const started = performance.now();
    const job = send({
      type: 'download',
      requestId: 3,
      name: 'Slow',
      format: 'csv',
      files: [{ url: server.url('/slow.csv'), sha256: null }],
    });
    while (!events.some((e) => e.requestId === 3 && e.type === 'progress')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await send({ type: 'cancel', requestId: 3 });
    await job;

    const error = failed(3);
    expect(error.code).toBe('download');
    expect(error.message).toMatch(/cancelled/);
    // The whole body would take about 4 s to arrive.
    expect(performance.now() - started).toBeLessThan(2000);
    await nothingStored(db);
  });

  it.each(['http://example.com/x.csv', 'file:///etc/passwd', 'data:text/csv,a,b'])(
    'refuses %s, naming https',
    async (url) => {
      const { send, db, failed } = await setUp();
      await send({
        type: 'download',
        requestId: 4,
        name: 'Refused',
        format: 'csv',
        files: [{ url, sha256: null }],
      });
      const error = failed(4);
      expect(error.code).toBe('download');
      expect(error.message).toMatch(/https/);
      await nothingStored(db);
    },
  );

  it('says a missing file was not found', async () => {
    const server = await serve({});
    const { send, db, failed } = await setUp();
    await send({
      type: 'download',
      requestId: 5,
      name: 'Missing',
      format: 'csv',
      files: [{ url: server.url('/missing.csv'), sha256: null }],
    });
    const error = failed(5);
    expect(error.code).toBe('download');
    expect(error.message).toMatch(/404.*Check the address/);
    await nothingStored(db);
  });
});

describe('CSV files', () => {
  it('stores the same file once: a second import reports created: false', async () => {
    const { send, db, saved } = await setUp();
    const csv = goodCsv();

    await send({
      type: 'importCsv',
      requestId: 1,
      file: blob(csv),
      header: 'auto',
      target: 4,
      task: 'auto',
    });
    await send({
      type: 'importCsv',
      requestId: 2,
      file: blob(csv),
      header: 'auto',
      target: 4,
      task: 'auto',
    });

    const first = saved(1);
    const second = saved(2);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.record.sha256).toBe(first.record.sha256);
    expect(first.record.source).toEqual({ kind: 'file', fileName: 'fruit.csv', format: 'csv' });
    // The exact statistics and categories the import used, for preprocessing.json.
    expect(first.record.encoding?.map((column) => column.kind)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'one-hot',
      'target',
    ]);
    expect(first.record.encoding?.[3]).toEqual({
      name: 'color',
      kind: 'one-hot',
      categories: ['green', 'red', 'yellow'],
      missing: false,
    });
    expect(await listDatasets(db)).toHaveLength(1);
  });

  it('previews a good CSV without storing it', async () => {
    const { send, db, events } = await setUp();
    await send({ type: 'inspectCsv', requestId: 1, file: blob(goodCsv()), header: 'auto' });
    const preview = events.find((e) => e.type === 'csvPreview');
    expect(preview).toMatchObject({
      requestId: 1,
      preview: {
        header: ['length_cm', 'width_cm', 'weight_g', 'color', 'label'],
        rowCount: 300,
        hasHeader: true,
        delimiter: ',',
      },
    });
    await nothingStored(db);
  });

  it('reads the first row as the user says, whatever detection would guess', async () => {
    const { send, events } = await setUp();
    await send({ type: 'inspectCsv', requestId: 1, file: blob(goodCsv()), header: 'absent' });
    await send({
      type: 'inspectCsv',
      requestId: 2,
      file: blob('1,2,3\n4,5,6\n'),
      header: 'present',
    });
    const previews = events.filter((e) => e.type === 'csvPreview');
    expect(previews).toMatchObject([
      { requestId: 1, preview: { hasHeader: false, rowCount: 301 } },
      { requestId: 2, preview: { hasHeader: true, header: ['1', '2', '3'], rowCount: 1 } },
    ]);
  });

  it('refuses to inspect a CSV with ragged rows, naming the line', async () => {
    const { send, db, failed } = await setUp();
    await send({ type: 'inspectCsv', requestId: 1, file: blob(malformedCsv()), header: 'auto' });
    const error = failed(1);
    expect(error.code).toBe('data-format');
    expect(error.message).toMatch(/Line 5/);
    await nothingStored(db);
  });

  it('refuses a classification target with one class, naming the class', async () => {
    const { send, db, failed } = await setUp();
    const csv = 'a,b,kind\n1,2,pear\n3,4,pear\n5,6,pear\n';
    await send({
      type: 'importCsv',
      requestId: 1,
      file: blob(csv),
      header: 'auto',
      target: 2,
      task: 'classification',
    });
    const error = failed(1);
    expect(error.code).toBe('data-format');
    expect(error.message).toMatch(/'pear'/);
    await nothingStored(db);
  });

  it('samples the first labels and features of a stored dataset', async () => {
    const { send, db, saved, events, transfers } = await setUp();
    const csv = goodCsv();
    await send({
      type: 'importCsv',
      requestId: 1,
      file: blob(csv),
      header: 'auto',
      target: 4,
      task: 'auto',
    });
    const { record } = saved(1);

    await send({ type: 'sample', requestId: 2, sha256: record.sha256, count: 5 });

    const index = events.findIndex((e) => e.type === 'sample');
    const event = events[index];
    if (event?.type !== 'sample') throw new Error('no sample event');
    const fruits = csv
      .split('\n')
      .slice(1, 6)
      .map((line) => line.split(',')[4]);
    expect(event.sample.labels.map((label) => record.header.classNames[label])).toEqual(fruits);
    const width = record.header.inputShape[0]!;
    const stored = await storedPacked(db, record.sha256);
    expect(event.sample.x).toEqual(stored.x.slice(0, 5 * width));
    expect(event.sample.header).toEqual(record.header);
    // The features travel as a transfer, not a copy.
    expect(transfers[index]).toEqual([event.sample.x.buffer]);
  });

  it('samples no more examples than the dataset holds', async () => {
    const { send, saved, events } = await setUp();
    await send({
      type: 'importCsv',
      requestId: 1,
      file: blob('a,b,kind\n1,2,x\n3,4,y\n'),
      header: 'auto',
      target: 2,
      task: 'auto',
    });
    await send({ type: 'sample', requestId: 2, sha256: saved(1).record.sha256, count: 50 });
    const event = events.find((e) => e.type === 'sample');
    expect(event).toMatchObject({ sample: { labels: [0, 1] } });
  });
});

describe("a shared notebook's data", () => {
  const choices = { header: 'present', target: 3, task: 'classification' } as const;

  it('keeps a CSV import’s choices and small text, which import again to the same sha256', async () => {
    const { send, saved } = await setUp();
    await send({ type: 'importCsv', requestId: 1, file: blob(goodCsv()), ...choices });
    const first = saved(1).record;
    expect(first.csv).toEqual({ ...choices, text: goodCsv() });
    // What opening an inline link does with that text: the same dataset, byte for byte.
    const again = { path: `${first.header.name}.csv`, blob: new Blob([first.csv?.text ?? '']) };
    await send({ type: 'importCsv', requestId: 2, file: again, ...choices });
    expect(saved(2).record.sha256).toBe(first.sha256);
  });

  it('keeps the choices but not the text of a CSV too large for a link', async () => {
    const { send, saved } = await setUp();
    const [header, ...rows] = goodCsv().trimEnd().split('\n');
    const big = [header, ...Array.from({ length: 10 }, () => rows).flat()].join('\n') + '\n';
    expect(big.length).toBeGreaterThan(KEPT_CSV_BYTES);
    await send({ type: 'importCsv', requestId: 1, file: blob(big), ...choices });
    expect(saved(1).record.csv).toEqual({ ...choices, text: null });
  });

  it('keeps nothing when an import must give a sha256 and gives another', async () => {
    const { send, db, saved, failed } = await setUp();
    const sha256 = 'a'.repeat(64);
    await send({ type: 'importCsv', requestId: 1, file: blob(goodCsv()), ...choices, sha256 });
    expect(failed(1)).toMatchObject({ code: 'integrity' });
    expect(failed(1).message).toMatch(/different dataset .* was not kept/);
    await nothingStored(db);
    await send({ type: 'importCsv', requestId: 2, file: blob(goodCsv()), ...choices });
    const wanted = saved(2).record.sha256;
    await send({
      type: 'importCsv',
      requestId: 3,
      file: blob(goodCsv()),
      ...choices,
      sha256: wanted,
    });
    expect(saved(3).record.sha256).toBe(wanted);
  });

  it('stores the packed bytes a bundle file carried exactly as they came', async () => {
    const { send, db, saved } = await setUp();
    const bytes = encodePacked(digitSubset(20));
    const sha256 = await sha256Hex(bytes);
    // As the author's record says: named as the packed header names it.
    const details: SharedDatasetDetails = {
      name: 'MNIST-10k',
      source: { kind: 'file', fileName: 'digits.zip', format: 'image-zip' },
      sourceSha256: null,
      columns: null,
      notes: ['kept'],
    };
    const file = { path: 'digits.packed', blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
    await send({ type: 'storeShared', requestId: 1, file, sha256, details });
    const { record, created } = saved(1);
    expect(created).toBe(true);
    expect(record).toMatchObject({ sha256, ...details, header: { count: 20 } });
    const stored = await readDatasetBytes(db, sha256, { verify: true });
    expect(stored.ok && Array.from(stored.value)).toEqual(Array.from(bytes));
  });

  it('refuses carried bytes that do not match their sha256 or are not a packed dataset', async () => {
    const { send, db, failed } = await setUp();
    const bytes = encodePacked(digitSubset(5));
    const details: SharedDatasetDetails = {
      name: 'digits',
      source: { kind: 'file', fileName: 'd', format: 'packed' },
      sourceSha256: null,
      columns: null,
      notes: [],
    };
    const file = (b: Uint8Array) => ({
      path: 'd.packed',
      blob: new Blob([b as Uint8Array<ArrayBuffer>]),
    });
    await send({
      type: 'storeShared',
      requestId: 1,
      file: file(bytes),
      sha256: 'b'.repeat(64),
      details,
    });
    expect(failed(1)).toMatchObject({ code: 'integrity' });
    const junk = new TextEncoder().encode('not a dataset');
    await send({
      type: 'storeShared',
      requestId: 2,
      file: file(junk),
      sha256: await sha256Hex(junk),
      details,
    });
    expect(failed(2).message).toMatch(/not a dataset Gradlab can read/);
    await nothingStored(db);
  });
});

describe('ensureShipped', () => {
  it('loads Iris from the app once, then answers from storage without fetching', async () => {
    const server = await serve({ '/app/datasets/iris.csv': { body: irisCsv() } });
    const { send, saved } = await setUp();
    const appUrl = server.url('/app/');

    await send({ type: 'ensureShipped', requestId: 1, name: 'iris', appUrl });
    await send({ type: 'ensureShipped', requestId: 2, name: 'iris', appUrl });

    const first = saved(1);
    expect(first.created).toBe(true);
    expect(first.record.source).toEqual({ kind: 'shipped', name: 'iris' });
    expect(first.record.header).toMatchObject({ count: 150, inputShape: [4] });
    expect(first.record.header.classNames).toHaveLength(3);
    expect(first.record.classCounts).toEqual([50, 50, 50]);
    expect(first.record.encoding?.map((column) => column.kind)).toEqual([
      ...Array<string>(4).fill('numeric'),
      'target',
    ]);
    const second = saved(2);
    expect(second.created).toBe(false);
    expect(second.record.sha256).toBe(first.record.sha256);
    expect(server.hits('/app/datasets/iris.csv')).toBe(1);
  });

  // Some static hosts send the .gz with Content-Encoding: gzip and the browser inflates it.
  it.each([
    ['gzip bytes', true],
    ['bytes already inflated', false],
  ])('stores MNIST-10k served as %s', async (_, gzipped) => {
    const subset = digitSubset(300);
    const packed = encodePacked(subset);
    const body = gzipped ? gzipSync(packed) : packed;
    const server = await serve({ '/datasets/mnist-10k.gds.gz': { body } });
    const { send, db, saved } = await setUp();

    await send({
      type: 'ensureShipped',
      requestId: 1,
      name: 'mnist-10k',
      appUrl: server.url('/'),
    });

    const { record } = saved(1);
    expect(record.sha256).toBe(await sha256Hex(packed));
    expect(record.header).toMatchObject({ count: 300, inputShape: [28, 28, 1] });
    expect((await storedPacked(db, record.sha256)).x).toEqual(subset.x);
  });

  it('says a cancelled load of a shipped dataset was cancelled, not that the app is offline', async () => {
    const server = await serve({
      '/datasets/iris.csv': { body: irisCsv(), pieceBytes: 256, delayMs: 100 },
    });
    const { send, db, events, failed } = await setUp();
    const job = send({
      type: 'ensureShipped',
      requestId: 4,
      name: 'iris',
      appUrl: server.url('/'),
    });
    while (!events.some((e) => e.requestId === 4 && e.type === 'progress')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await send({ type: 'cancel', requestId: 4 });
    await job;
    const error = failed(4);
    expect(error.code).toBe('download');
    expect(error.message).toMatch(/cancelled/);
    await nothingStored(db);
  });

  it('reports an app that cannot serve the file, keeping nothing', async () => {
    const server = await serve({});
    const { send, db, failed } = await setUp();
    await send({
      type: 'ensureShipped',
      requestId: 1,
      name: 'iris',
      appUrl: server.url('/'),
    });
    const error = failed(1);
    expect(error.code).toBe('download');
    expect(error.message).toMatch(/Iris.*404/);
    await nothingStored(db);
  });
});

describe('malformed commands', () => {
  it('refuses one to the request it names, so the page is not left waiting', async () => {
    const events: DataEvent[] = [];
    const controller = createDataController(
      (event) => events.push(event),
      () => Promise.reject(new Error('a refused command opens no database')),
    );
    await controller.handle({ type: 'sample', requestId: 9, sha256: 'x', count: 0 });
    await controller.handle({ type: 'sample', id: 10 });
    expect(events).toMatchObject([
      { type: 'error', requestId: 9, error: { code: 'protocol' } },
      { type: 'error', error: { code: 'protocol' } },
    ]);
    expect(events[1]).not.toHaveProperty('requestId');
  });
});

describe('importText', () => {
  const language = {
    mode: 'language',
    tokenizer: 'char',
    context: 8,
    layout: 'lines',
    maxVocab: 100,
  } as const;
  const text = (content: string | Uint8Array<ArrayBuffer>, path = 'names.txt') => ({
    path,
    blob: new Blob([content]),
  });

  it('stores a text file for language modelling with its choices, the same again for the same file', async () => {
    const { send, saved, db } = await setUp();
    await send({
      type: 'importText',
      requestId: 1,
      file: text('anna\nbob\nanna\n'),
      choices: language,
    });
    const { record } = saved(1);
    expect(record.header).toMatchObject({ kind: 'text', task: 'sequence', inputShape: [8] });
    expect(record.header.tokenizer?.vocab).toEqual(['<pad>', '<unk>', '<s>', 'a', 'n', 'b', 'o']);
    expect(record.text).toEqual(language);
    expect(record.source).toEqual({ kind: 'file', fileName: 'names.txt', format: 'text' });
    const bytes = await readDatasetBytes(db, record.sha256);
    const decoded = bytes.ok ? decodePacked(bytes.value) : null;
    expect(decoded?.ok && Array.from(decoded.value.x.subarray(0, 8))).toEqual([
      2, 3, 4, 4, 3, 2, 0, 0,
    ]);
    await send({
      type: 'importText',
      requestId: 2,
      file: text('anna\nbob\nanna\n'),
      choices: language,
      sha256: record.sha256,
    });
    expect(saved(2)).toMatchObject({ created: false, record: { sha256: record.sha256 } });
    await send({
      type: 'importText',
      requestId: 3,
      file: text('anna\nbob\nanna\n'),
      choices: { ...language, tokenizer: 'word' },
    });
    expect(saved(3).record.sha256).not.toBe(record.sha256);
  });

  it('stores a CSV of texts and labels for text classification', async () => {
    const { send, saved } = await setUp();
    const csv = 'message,kind\nwin money now,spam\nsee you at lunch,ham\n,ham\nfree money,spam\n';
    await send({
      type: 'importText',
      requestId: 1,
      file: text(csv, 'mail.csv'),
      choices: {
        mode: 'classification',
        tokenizer: 'word',
        header: 'present',
        textColumn: 0,
        labelColumn: 1,
        maxLength: 4,
        maxVocab: 50,
      },
    });
    const { record } = saved(1);
    expect(record.header).toMatchObject({
      kind: 'text',
      task: 'classification',
      classNames: ['ham', 'spam'],
      inputShape: [4],
    });
    expect(record.classCounts).toEqual([1, 2]);
    expect(record.notes[0]).toMatch(/1 row\(s\) without a text or a label/);
  });

  it('refuses empty and binary files with a message that says so', async () => {
    const { send, failed } = await setUp();
    await send({ type: 'importText', requestId: 1, file: text(''), choices: language });
    expect(failed(1).message).toMatch(/names.txt is empty/);
    await send({ type: 'importText', requestId: 2, file: text(' \n \n'), choices: language });
    expect(failed(2).message).toMatch(/only spaces/);
    const binary = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) % 32);
    await send({ type: 'importText', requestId: 3, file: text(binary), choices: language });
    expect(failed(3).message).toMatch(/does not look like text/);
  });
});
