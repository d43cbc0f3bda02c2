/**
 * What the capture page holds before it is saved: the frame format, a row per class, and each
 * class's examples (webcam frames or drawings) as the dataset's bytes. A reducer, so the page's
 * rows, recorder and drawing pad change it one way; `packCapture` makes the storeCaptured payload.
 */
import type { CaptureKind } from '../../core/data/stored-dataset';
import { InvalidDatasetError } from '../../core/errors';
import { err, ok, type Result } from '../../core/result';
import type { Channels } from '../../core/capture/frame-pixels';

export type ExampleSource = 'webcam' | 'drawing';

export interface CapturedExample {
  id: number;
  /** [size, size, channels] bytes, 0-255. */
  pixels: Uint8Array;
  from: ExampleSource;
}

export interface CaptureClass {
  id: number;
  name: string;
  examples: CapturedExample[];
}

export interface CaptureSet {
  size: number;
  channels: Channels;
  classes: CaptureClass[];
  /** The next id for a class or an example. */
  nextId: number;
}

export type CaptureAction =
  | { type: 'addClass'; name?: string }
  | { type: 'renameClass'; classId: number; name: string }
  | { type: 'removeClass'; classId: number }
  | { type: 'add'; classId: number; pixels: Uint8Array; from: ExampleSource }
  /** Webcam frames recorded since the last batch (the page takes them a few at a time). */
  | { type: 'addFrames'; classId: number; frames: readonly Uint8Array[] }
  | { type: 'deleteExample'; classId: number; exampleId: number }
  | { type: 'clearClass'; classId: number }
  /** Refused (the state is kept) while any example is held: they would not fit the new format. */
  | { type: 'format'; size: number; channels: Channels };

/** A fresh set: `names` (two defaults when empty) as empty classes. */
export function newCaptureSet(
  size: number,
  channels: Channels,
  names: readonly string[] = [],
): CaptureSet {
  const start = names.length > 0 ? names : ['Class 1', 'Class 2'];
  return {
    size,
    channels,
    classes: start.map((name, id) => ({ id, name, examples: [] })),
    nextId: start.length,
  };
}

export const exampleCount = (set: CaptureSet): number =>
  set.classes.reduce((sum, c) => sum + c.examples.length, 0);

/** A name no class has yet: "Class n" for the lowest free n. */
function freeName(classes: readonly CaptureClass[]): string {
  const taken = new Set(classes.map((c) => c.name));
  let n = classes.length + 1;
  while (taken.has(`Class ${n}`)) n++;
  return `Class ${n}`;
}

const mapClass = (
  set: CaptureSet,
  classId: number,
  change: (c: CaptureClass) => CaptureClass,
): CaptureSet => ({
  ...set,
  classes: set.classes.map((c) => (c.id === classId ? change(c) : c)),
});

/** `pixels` of the set's frame size added to the class; others (a stale format's) are dropped. */
function added(
  set: CaptureSet,
  classId: number,
  pixels: readonly Uint8Array[],
  from: ExampleSource,
): CaptureSet {
  const frame = set.size * set.size * set.channels;
  const fitting = pixels.filter((p) => p.length === frame);
  if (fitting.length === 0) return set;
  const examples = fitting.map((p, i) => ({ id: set.nextId + i, pixels: p, from }));
  const changed = mapClass(set, classId, (c) => ({ ...c, examples: [...c.examples, ...examples] }));
  return { ...changed, nextId: set.nextId + fitting.length };
}

export function captureReducer(set: CaptureSet, action: CaptureAction): CaptureSet {
  switch (action.type) {
    case 'addClass': {
      const name = action.name ?? freeName(set.classes);
      return {
        ...set,
        classes: [...set.classes, { id: set.nextId, name, examples: [] }],
        nextId: set.nextId + 1,
      };
    }
    case 'renameClass':
      return mapClass(set, action.classId, (c) => ({ ...c, name: action.name }));
    case 'removeClass':
      return { ...set, classes: set.classes.filter((c) => c.id !== action.classId) };
    case 'add':
      return added(set, action.classId, [action.pixels], action.from);
    case 'addFrames':
      return added(set, action.classId, action.frames, 'webcam');
    case 'deleteExample':
      return mapClass(set, action.classId, (c) => ({
        ...c,
        examples: c.examples.filter((e) => e.id !== action.exampleId),
      }));
    case 'clearClass':
      return mapClass(set, action.classId, (c) => ({ ...c, examples: [] }));
    case 'format':
      return exampleCount(set) > 0 ? set : { ...set, size: action.size, channels: action.channels };
  }
}

export interface PackedCapture {
  x: Uint8Array<ArrayBuffer>;
  labels: Uint16Array<ArrayBuffer>;
  classNames: string[];
  inputShape: [number, number, number];
  what: CaptureKind;
}

/**
 * The payload storeCaptured takes, refused with a message to show when names are empty or
 * repeated or there is too little to save. A new dataset keeps the classes that have examples
 * (at least two); an append to `parent` keeps every class, so the labels index the parent's
 * classes by name (the worker matches them) and one new example is enough.
 */
export function packCapture(
  set: CaptureSet,
  mode: 'new' | 'append',
): Result<PackedCapture, InvalidDatasetError> {
  const kept = mode === 'new' ? set.classes.filter((c) => c.examples.length > 0) : set.classes;
  const names = kept.map((c) => c.name.trim());
  if (names.some((name) => name === '')) {
    return err(new InvalidDatasetError('Give every class a name.'));
  }
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    return err(new InvalidDatasetError(`Two classes are named "${repeated}": rename one.`));
  }
  const count = kept.reduce((sum, c) => sum + c.examples.length, 0);
  if (mode === 'new' && kept.length < 2) {
    return err(
      new InvalidDatasetError(
        'Record or draw examples for at least two classes: a model needs two things to tell apart.',
      ),
    );
  }
  if (count === 0) return err(new InvalidDatasetError('Add at least one example before saving.'));
  const frame = set.size * set.size * set.channels;
  const x = new Uint8Array(count * frame);
  const labels = new Uint16Array(count);
  let i = 0;
  kept.forEach((c, label) => {
    for (const example of c.examples) {
      x.set(example.pixels, i * frame);
      labels[i++] = label;
    }
  });
  const webcam = kept.some((c) => c.examples.some((e) => e.from === 'webcam'));
  return ok({
    x,
    labels,
    classNames: names,
    inputShape: [set.size, set.size, set.channels],
    what: webcam ? 'webcam' : 'drawing',
  });
}
