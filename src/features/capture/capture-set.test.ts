import { describe, expect, it } from 'vitest';
import {
  captureReducer,
  exampleCount,
  newCaptureSet,
  packCapture,
  type CaptureAction,
  type CaptureSet,
} from './capture-set';

const pixels = (value: number, set: CaptureSet) =>
  new Uint8Array(set.size * set.size * set.channels).fill(value);

const apply = (set: CaptureSet, ...actions: CaptureAction[]) => actions.reduce(captureReducer, set);

describe('captureReducer', () => {
  it('adds classes with free names and examples to the right class', () => {
    let set = newCaptureSet(2, 1);
    set = apply(set, { type: 'renameClass', classId: 0, name: 'Class 3' }, { type: 'addClass' });
    expect(set.classes.map((c) => c.name)).toEqual(['Class 3', 'Class 2', 'Class 4']);
    set = apply(
      set,
      { type: 'add', classId: 1, pixels: pixels(7, set), from: 'webcam' },
      { type: 'add', classId: 1, pixels: pixels(8, set), from: 'drawing' },
    );
    expect(set.classes[1]?.examples.map((e) => e.pixels[0])).toEqual([7, 8]);
    expect(exampleCount(set)).toBe(2);
  });

  it('adds a batch of webcam frames in order, dropping any of another size', () => {
    const set = newCaptureSet(1, 1);
    const after = captureReducer(set, {
      type: 'addFrames',
      classId: 1,
      frames: [new Uint8Array([1]), new Uint8Array([2, 2]), new Uint8Array([3])],
    });
    expect(after.classes[1]?.examples.map((e) => [e.pixels[0], e.from])).toEqual([
      [1, 'webcam'],
      [3, 'webcam'],
    ]);
    expect(new Set(after.classes[1]?.examples.map((e) => e.id)).size).toBe(2);
    expect(after.nextId).toBe(set.nextId + 2);
  });

  it('ignores pixels of another frame size', () => {
    const set = newCaptureSet(2, 3);
    const after = captureReducer(set, {
      type: 'add',
      classId: 0,
      pixels: new Uint8Array(4),
      from: 'webcam',
    });
    expect(after).toBe(set);
  });

  it('deletes one example, clears or removes a class', () => {
    let set = newCaptureSet(1, 1);
    set = apply(
      set,
      { type: 'add', classId: 0, pixels: pixels(1, set), from: 'webcam' },
      { type: 'add', classId: 0, pixels: pixels(2, set), from: 'webcam' },
      { type: 'add', classId: 1, pixels: pixels(3, set), from: 'webcam' },
    );
    const second = set.classes[0]?.examples[1]?.id ?? -1;
    set = captureReducer(set, { type: 'deleteExample', classId: 0, exampleId: second });
    expect(set.classes[0]?.examples.map((e) => e.pixels[0])).toEqual([1]);
    set = captureReducer(set, { type: 'clearClass', classId: 0 });
    expect(set.classes[0]?.examples).toEqual([]);
    set = captureReducer(set, { type: 'removeClass', classId: 0 });
    expect(set.classes.map((c) => c.name)).toEqual(['Class 2']);
  });

  it('changes the format only while it holds no example', () => {
    const empty = newCaptureSet(28, 1);
    expect(captureReducer(empty, { type: 'format', size: 64, channels: 3 })).toMatchObject({
      size: 64,
      channels: 3,
    });
    const held = captureReducer(empty, {
      type: 'add',
      classId: 0,
      pixels: pixels(1, empty),
      from: 'drawing',
    });
    expect(captureReducer(held, { type: 'format', size: 64, channels: 3 })).toBe(held);
  });
});

describe('packCapture', () => {
  it('packs the classes with examples in row order, labels by kept class', () => {
    let set = newCaptureSet(1, 3, ['cat', 'empty', 'dog']);
    set = apply(
      set,
      { type: 'add', classId: 2, pixels: new Uint8Array([1, 2, 3]), from: 'drawing' },
      { type: 'add', classId: 0, pixels: new Uint8Array([4, 5, 6]), from: 'webcam' },
      { type: 'add', classId: 2, pixels: new Uint8Array([7, 8, 9]), from: 'drawing' },
    );
    const packed = packCapture(set, 'new');
    expect(packed.ok && packed.value).toMatchObject({
      classNames: ['cat', 'dog'],
      inputShape: [1, 1, 3],
      what: 'webcam',
    });
    if (!packed.ok) return;
    expect([...packed.value.x]).toEqual([4, 5, 6, 1, 2, 3, 7, 8, 9]);
    expect([...packed.value.labels]).toEqual([0, 1, 1]);
  });

  it('says a dataset of drawings only is one', () => {
    let set = newCaptureSet(1, 1);
    set = apply(
      set,
      { type: 'add', classId: 0, pixels: new Uint8Array([1]), from: 'drawing' },
      { type: 'add', classId: 1, pixels: new Uint8Array([2]), from: 'drawing' },
    );
    const packed = packCapture(set, 'new');
    expect(packed.ok && packed.value.what).toBe('drawing');
  });

  it('refuses a new dataset with fewer than two classes of examples', () => {
    const set = captureReducer(newCaptureSet(1, 1), {
      type: 'add',
      classId: 0,
      pixels: new Uint8Array([1]),
      from: 'webcam',
    });
    const packed = packCapture(set, 'new');
    expect(!packed.ok && packed.error.message).toMatch(/at least two classes/);
  });

  it('refuses empty and repeated names', () => {
    let set = newCaptureSet(1, 1, ['a', 'b']);
    set = apply(
      set,
      { type: 'add', classId: 0, pixels: new Uint8Array([1]), from: 'webcam' },
      { type: 'add', classId: 1, pixels: new Uint8Array([2]), from: 'webcam' },
    );
    const blank = packCapture(
      captureReducer(set, { type: 'renameClass', classId: 0, name: ' ' }),
      'new',
    );
    expect(!blank.ok && blank.error.message).toMatch(/name/);
    const twice = packCapture(
      captureReducer(set, { type: 'renameClass', classId: 1, name: 'a ' }),
      'new',
    );
    expect(!twice.ok && twice.error.message).toMatch(/Two classes are named "a"/);
  });

  it("appends one class's examples with every class named, so labels index the parent's", () => {
    let set = newCaptureSet(1, 1, ['zero', 'one', 'two']);
    set = captureReducer(set, {
      type: 'add',
      classId: 2,
      pixels: new Uint8Array([9]),
      from: 'drawing',
    });
    const packed = packCapture(set, 'append');
    expect(packed.ok && packed.value.classNames).toEqual(['zero', 'one', 'two']);
    expect(packed.ok && [...packed.value.labels]).toEqual([2]);
    const none = packCapture(newCaptureSet(1, 1, ['zero', 'one']), 'append');
    expect(!none.ok && none.error.message).toMatch(/at least one example/);
  });
});
