import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Bytes, previewOf, shortId } from './preview';
import { testBundle } from '../../core/bundle/test-bundle';

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('previewOf', () => {
  it('shows title, version, lineage, datasets and runs of a bundle', async () => {
    const parent = `sha256-${'1'.repeat(64)}`;
    const bundle = await testBundle((json) => {
      json.parent = parent;
      json.version = 3;
    });
    const preview = previewOf(bundle);
    expect(preview.title).toBe(bundle.notebook.title);
    expect(preview.version).toBe(3);
    expect(preview.parent).toBe(`sha256-${'1'.repeat(12)}`);
    expect(preview.id).toBe(bundle.id);
    expect(preview.experiments).toBe(3);
    expect(preview.cells).toBe(bundle.notebook.cells.length);
    expect(preview.datasets.map((d) => [d.key, d.kind])).toEqual([
      ['iris', 'shipped'],
      ['spiral', 'generated'],
    ]);
    expect(preview.runs).toBe(bundle.runs.length);
  });

  it('has no parent for a first version', async () => {
    expect(previewOf(await testBundle()).parent).toBeNull();
  });

  it('counts inline weight bytes, weight entries of the file, and remote weights', async () => {
    const data = base64(new Uint8Array(8));
    const bundle = await testBundle((json) => {
      json.weights = {
        a: {
          format: 'tfjs-layers',
          weightSpecs: [{ name: 'k', shape: [2], dtype: 'float32' }],
          data,
        },
        b: { url: 'https://example.org/w.bin', sha256: 'd'.repeat(64) },
      };
      json.runs = [];
    });
    const preview = previewOf(bundle, {
      'weights/x.bin': new Uint8Array(100),
      'data/y.csv': new Uint8Array(50),
    });
    expect(preview.weightsBytes).toBe(108);
    expect(preview.remoteWeights).toBe(1);
  });

  it('names inline weights whose values are not numbers; finite ones pass', async () => {
    const values = (v: number[]) => base64(new Uint8Array(new Float32Array(v).buffer));
    const entry = (data: string) => ({
      format: 'tfjs-layers',
      weightSpecs: [
        { name: 'dense_0/kernel', shape: [2], dtype: 'float32' },
        { name: 'dense_0/bias', shape: [1], dtype: 'float32' },
      ],
      data,
    });
    const bundle = await testBundle((json) => {
      json.weights = { good: entry(values([1, -2, 0.5])), bad: entry(values([NaN, 1, Infinity])) };
      json.runs = [];
    });
    expect(previewOf(bundle).damagedWeights).toEqual([
      'The weights of layer dense_0 (kernel) hold 1 value that is not a number (NaN or ' +
        "infinite), as do 1 other weight tensor (2 values of 3 in all): this bundle's weights " +
        'are damaged; it opens without them',
    ]);
  });
});

describe('base64Bytes', () => {
  it('is the decoded length of any padded base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64Bytes(base64(bytes))).toBe(bytes.length);
      }),
    );
  });
});

describe('shortId', () => {
  it('keeps the prefix and 12 hex digits', () => {
    expect(shortId(`sha256-${'ab'.repeat(32)}`)).toBe('sha256-abababababab');
  });
});
