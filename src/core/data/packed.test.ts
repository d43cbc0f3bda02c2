import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked, toDataset, type PackedDataset } from './packed';
import { StoredDatasetSchema } from './stored-dataset';
import { storedTable } from './test-stored-dataset';
import * as v from 'valibot';

const image: PackedDataset = {
  header: {
    name: 'tiny digits',
    kind: 'image',
    task: 'classification',
    count: 3,
    inputShape: [2, 2, 1],
    xType: 'uint8',
    classNames: ['0', '1'],
    featureNames: [],
  },
  x: Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4, 9, 8, 7, 6]),
  y: Uint16Array.from([0, 1, 1]),
};

describe('packed datasets', () => {
  it('round-trips images and scales pixels to [0, 1] for training', () => {
    const decoded = decodePacked(encodePacked(image));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.header).toEqual(image.header);
    expect(decoded.value.header.targetName).toBeUndefined();
    expect(Array.from(decoded.value.x)).toEqual(Array.from(image.x));
    const dataset = toDataset(decoded.value);
    expect(dataset.task === 'classification' && Array.from(dataset.labels)).toEqual([0, 1, 1]);
    expect(dataset.x[1]).toBeCloseTo(1);
    expect(dataset.x[2]).toBeCloseTo(0.2);
  });

  it('round-trips float tables with regression targets for any header length', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.float({ noNaN: true }), { minLength: 2, maxLength: 20 }),
        (name, values) => {
          const count = Math.floor(values.length / 2);
          const packed: PackedDataset = {
            header: {
              name,
              kind: 'tabular',
              task: 'regression',
              count,
              inputShape: [2],
              xType: 'float32',
              classNames: [],
              featureNames: ['a', 'b'],
            },
            x: Float32Array.from(values.slice(0, count * 2)),
            y: Float32Array.from(values.slice(0, count)),
          };
          const decoded = decodePacked(encodePacked(packed));
          expect(decoded.ok && Array.from(decoded.value.x)).toEqual(Array.from(packed.x));
          expect(decoded.ok && Array.from(decoded.value.y)).toEqual(Array.from(packed.y));
        },
      ),
    );
  });

  it('reports damaged bytes instead of reading past them', () => {
    const bytes = encodePacked(image);
    for (const damaged of [
      new Uint8Array(0),
      bytes.slice(0, bytes.length - 1),
      Uint8Array.from([...bytes.slice(0, 3), 0x30, ...bytes.slice(4)]),
    ]) {
      const result = decodePacked(damaged);
      expect(!result.ok && result.error.reason).toBe('packed-corrupt');
    }
    const badLabel = encodePacked({ ...image, y: Uint16Array.from([0, 1, 7]) });
    expect(decodePacked(badLabel).ok).toBe(false);
    const badTarget = encodePacked({ ...image, header: { ...image.header, targetName: '' } });
    const misnamed = badTarget.slice();
    // The same header length, with the target's name a number: `"targetName":""` -> `...:12`.
    const at = new TextDecoder().decode(misnamed).indexOf('"targetName":""') + 13;
    misnamed.set(new TextEncoder().encode('12'), at);
    expect(decodePacked(badTarget).ok).toBe(true);
    const refused = decodePacked(misnamed);
    expect(!refused.ok && refused.error.message).toContain('its header lacks required fields');
  });

  it('reads arrays that do not start on an aligned offset', () => {
    const bytes = encodePacked(image);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodePacked(shifted.subarray(1));
    expect(decoded.ok && Array.from(decoded.value.y)).toEqual([0, 1, 1]);
  });

  const names: PackedDataset = {
    header: {
      name: 'names',
      kind: 'text',
      task: 'sequence',
      count: 2,
      inputShape: [4],
      xType: 'uint16',
      classNames: [],
      featureNames: [],
      tokenizer: { kind: 'char', vocab: ['<pad>', '<unk>', '<s>', 'a', 'n'] },
    },
    // "<s>ana<s>" and "<s>an<s>" padded: x is tokens 0..3, y tokens 1..4.
    x: Uint16Array.from([2, 3, 4, 3, 2, 3, 4, 2]),
    y: Uint16Array.from([3, 4, 3, 2, 3, 4, 2, 0]),
  };

  it('round-trips text for next-token prediction, tokenizer and all', () => {
    const decoded = decodePacked(encodePacked(names));
    if (!decoded.ok) throw decoded.error;
    expect(decoded.value.header).toEqual(names.header);
    const dataset = toDataset(decoded.value);
    expect(dataset.task).toBe('sequence');
    if (dataset.task !== 'sequence') return;
    expect(Array.from(dataset.x)).toEqual([2, 3, 4, 3, 2, 3, 4, 2]);
    expect(Array.from(dataset.targets)).toEqual([3, 4, 3, 2, 3, 4, 2, 0]);
    expect(dataset.numClasses).toBe(5);
    expect(dataset.tokenizer).toEqual(names.header.tokenizer);
    const table = storedTable('a'.repeat(64), 'names', { kind: 'shipped', name: 'names' });
    const record = { ...table, header: names.header, classCounts: [] };
    expect(v.safeParse(StoredDatasetSchema, record).success).toBe(true);
  });

  it('round-trips text classification with its tokenizer', () => {
    const spam: PackedDataset = {
      header: { ...names.header, task: 'classification', classNames: ['ham', 'spam'] },
      x: names.x,
      y: Uint16Array.from([1, 0]),
    };
    const decoded = decodePacked(encodePacked(spam));
    if (!decoded.ok) throw decoded.error;
    const dataset = toDataset(decoded.value);
    expect(dataset.task === 'classification' && Array.from(dataset.labels)).toEqual([1, 0]);
    expect(dataset.task === 'classification' && dataset.tokenizer).toEqual(names.header.tokenizer);
  });

  it('refuses text without its tokenizer and ids outside its vocabulary', () => {
    const untokenized = { ...names.header };
    delete untokenized.tokenizer;
    const missing = decodePacked(encodePacked({ ...names, header: untokenized }));
    expect(!missing.ok && missing.error.message).toContain('no tokenizer');
    const outside = decodePacked(
      encodePacked({ ...names, x: Uint16Array.from([2, 3, 4, 9, 2, 3, 4, 2]) }),
    );
    expect(!outside.ok && outside.error.message).toContain('not in its vocabulary');
    const floats = decodePacked(
      encodePacked({
        ...names,
        header: { ...names.header, xType: 'float32' },
        x: Float32Array.from(names.x),
      }),
    );
    expect(floats.ok).toBe(false);
  });
});
