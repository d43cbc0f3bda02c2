import { describe, expect, it } from 'vitest';
import { parseDataCommand, parseDataEvent } from './data-protocol';
import type { StoredDataset } from './data/stored-dataset';

const record: StoredDataset = {
  sha256: 'a'.repeat(64),
  name: 'Fruit',
  header: {
    name: 'Fruit',
    kind: 'tabular',
    task: 'classification',
    count: 3,
    inputShape: [2],
    xType: 'float32',
    classNames: ['apple', 'pear'],
    featureNames: ['length', 'width'],
    targetName: 'kind',
  },
  byteLength: 120,
  pieces: [{ sha256: 'b'.repeat(64), byteLength: 120 }],
  source: { kind: 'file', fileName: 'fruit.csv', format: 'csv' },
  sourceKey: 'file:fruit.csv',
  sourceSha256: null,
  createdAt: '2025-03-01T10:00:00.000Z',
  lastUsed: '2025-03-02T10:00:00.000Z',
  lineage: { lineId: 'a'.repeat(64), version: 1, parent: null, note: '', changes: null },
  currentSince: '2025-03-01T10:00:00.000Z',
  license: 'CC0-1.0',
  flags: [],
  classCounts: [2, 1],
  columns: [
    { name: 'length', type: 'numeric', missing: 0, distinct: 3, min: 1, max: 3, mean: 2, std: 1 },
    { name: 'kind', type: 'categorical', missing: 1, distinct: 2 },
  ],
  notes: ['One row without a label was dropped.'],
};

const saved = (changed: Record<string, unknown>) => ({
  type: 'saved',
  requestId: 4,
  record: { ...record, ...changed },
  created: true,
});

describe('data worker events', () => {
  it('accepts a saved record as the worker stores it', () => {
    expect(parseDataEvent(saved({}))).toEqual({ ok: true, value: saved({}) });
  });

  it.each([
    ['a sha256 that is not lower-case hex', { sha256: 'A'.repeat(64) }, 'record.sha256'],
    ['a missing field', { sourceKey: undefined }, 'record.sourceKey'],
    ['a negative size', { byteLength: -1 }, 'record.byteLength'],
    ['a date that is not ISO-8601', { createdAt: 'yesterday' }, 'record.createdAt'],
    ['an unknown source', { source: { kind: 'ftp', url: 'x' } }, 'record.source.kind'],
    [
      'a column of an unknown type',
      { columns: [{ ...record.columns?.[0], type: 'date' }] },
      'record.columns.0.type',
    ],
    [
      'an empty input shape',
      { header: { ...record.header, inputShape: [] } },
      'record.header.inputShape',
    ],
    [
      'a classification with one class',
      { header: { ...record.header, classNames: ['apple'] } },
      'record.header',
    ],
  ])('refuses a record with %s, naming where', (_, changed, path) => {
    const parsed = parseDataEvent(saved(changed));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('protocol');
      expect(parsed.error.message).toContain(`data worker event at ${path}`);
    }
  });

  it('refuses an event that names its request by the old `id`', () => {
    const { requestId, ...rest } = saved({});
    expect(parseDataEvent({ ...rest, id: requestId }).ok).toBe(false);
  });

  it('accepts an error that answers no request, and progress with an unknown total', () => {
    const error = { name: 'ProtocolError', code: 'protocol', message: 'Malformed command.' };
    expect(parseDataEvent({ type: 'error', error }).ok).toBe(true);
    const progress = { type: 'progress', requestId: 1, phase: 'decode', loaded: 0, total: null };
    expect(parseDataEvent(progress)).toEqual({ ok: true, value: progress });
  });

  it('accepts a sample whose features are pixels or floats, nothing else', () => {
    const sample = (x: unknown) => ({
      type: 'sample',
      requestId: 2,
      sample: { header: record.header, x, labels: [0, 1] },
    });
    expect(parseDataEvent(sample(new Uint8Array(4))).ok).toBe(true);
    expect(parseDataEvent(sample(new Float32Array(4))).ok).toBe(true);
    expect(parseDataEvent(sample([1, 2, 3, 4])).ok).toBe(false);
  });
});

describe('data worker commands', () => {
  it('carry their request in requestId', () => {
    const command = { type: 'sample', requestId: 3, sha256: 'x', count: 5 };
    expect(parseDataCommand(command)).toEqual({ ok: true, value: command });
    expect(parseDataCommand({ type: 'cancel', requestId: 3 }).ok).toBe(true);
    expect(parseDataCommand({ type: 'cancel', id: 3 }).ok).toBe(false);
  });
});
