/** Real bundles for the notebook tests, built with the cell helpers and checked by validateBundle. */
import fc from 'fast-check';
import {
  BUNDLE_TYPE,
  SCHEMA_VERSION,
  type Bundle,
  type Cell,
  type InlineWeights,
  type RunRecord,
} from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import type { BuiltinDatasetRef } from '../data/dataset';
import type { ModelSpec } from '../model/spec';
import { DEFAULT_CONFIG } from '../train/config';
import {
  addCell,
  deleteCell,
  duplicateCell,
  moveCell,
  newExperimentCell,
  newMarkdownCell,
  replaceCell,
} from './cells';
import { LOCKABLE_FIELDS, toggleLock } from '../experiment/locks';
import { NOTEBOOK_VIEWS, toggleView } from '../experiment/views';

export const SPIRAL: BuiltinDatasetRef = {
  kind: 'builtin',
  generator: 'spiral',
  params: { size: 400, noise: 0.1, classes: 2 },
  seed: 1,
};

export const MLP: ModelSpec = {
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dense', units: 2, activation: 'softmax' },
  ],
};

export const CREATED = new Date('2025-03-04T05:06:07.000Z');
export const PLACEHOLDER_ID = `sha256-${'0'.repeat(64)}`;

/** A draft with an introduction and one experiment on the spiral (dataset key `data`). */
export function draftBundle(): Bundle {
  return {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: PLACEHOLDER_ID,
    parent: null,
    version: 1,
    createdAt: CREATED.toISOString(),
    app: { version: '0.1.0' },
    notebook: {
      title: 'Spirals',
      authors: ['Ada'],
      cells: [
        newMarkdownCell('intro', '# Spirals\n\nTrain a small network.\nWatch the boundary.'),
        newExperimentCell('exp', 'data', MLP, DEFAULT_CONFIG, ['boundary', 'curves']),
      ],
    },
    datasets: { data: SPIRAL },
    runs: [],
  };
}

export function runOf(cellId: string, id = `run-${cellId}`, datasetKey = 'data'): RunRecord {
  return {
    id,
    cellId,
    datasetKey,
    spec: MLP,
    config: DEFAULT_CONFIG,
    backend: 'cpu',
    adapter: null,
    seed: 1,
    epochs: [
      {
        epoch: 1,
        trainLoss: 0.5,
        trainAccuracy: 0.8,
        validationLoss: null,
        validationAccuracy: null,
      },
    ],
    durationMs: 1000,
    samplesPerSec: 320,
    appVersion: '0.1.0',
    createdAt: CREATED.toISOString(),
  };
}

/** Four zero bytes: one float32 weight. */
export const TINY_WEIGHTS: InlineWeights = {
  format: 'tfjs-layers',
  weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }],
  data: 'AAAAAA==',
};

/** Throws with validateBundle's message, so a failing test says which field is at fault. */
export function expectValid(bundle: Bundle): Bundle {
  const checked = validateBundle(bundle);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}

const withNotebook = (bundle: Bundle, notebook: Bundle['notebook']): Bundle =>
  notebook === bundle.notebook ? bundle : { ...bundle, notebook };

type Edit = (bundle: Bundle) => Bundle;

const pick = (bundle: Bundle, n: number): Cell | undefined =>
  bundle.notebook.cells[n % Math.max(1, bundle.notebook.cells.length)];

/** One author's edit, drawn at random, made with the helpers under test. */
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.nat(), fc.uuid())
    .map(([text, at, id]) => (b: Bundle) => {
      const done = addCell(b.notebook, newMarkdownCell(id, text), at);
      return done.ok ? withNotebook(b, done.value) : b;
    }),
  fc
    .tuple(
      fc.nat(),
      fc.uuid(),
      fc.integer({ min: 1, max: 64 }),
      fc.double({ min: 1e-4, max: 1, noNaN: true }),
    )
    .map(([at, id, units, learningRate]) => (b: Bundle) => {
      const model: ModelSpec = {
        layers: [{ type: 'dense', units, activation: 'tanh' }, ...MLP.layers],
      };
      const cell = newExperimentCell(id, 'data', model, { ...DEFAULT_CONFIG, learningRate });
      const done = addCell(b.notebook, cell, at);
      return done.ok ? withNotebook(b, done.value) : b;
    }),
  fc.tuple(fc.nat(), fc.constantFrom(-1 as const, 1 as const)).map(([n, delta]) => (b: Bundle) => {
    const cell = pick(b, n);
    return cell === undefined ? b : withNotebook(b, moveCell(b.notebook, cell.id, delta));
  }),
  fc.tuple(fc.nat(), fc.uuid()).map(([n, id]) => (b: Bundle) => {
    const cell = pick(b, n);
    const done = cell === undefined ? null : duplicateCell(b.notebook, cell.id, id);
    return done?.ok ? withNotebook(b, done.value) : b;
  }),
  fc.nat().map((n) => (b: Bundle) => {
    const cell = pick(b, n);
    return cell === undefined ? b : withNotebook(b, deleteCell(b.notebook, cell.id));
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([n, lock, view]) => (b: Bundle) => {
    const cell = pick(b, n);
    if (cell?.type !== 'experiment') return b;
    const field = LOCKABLE_FIELDS[lock % LOCKABLE_FIELDS.length]?.field ?? 'model';
    const shown = NOTEBOOK_VIEWS[view % NOTEBOOK_VIEWS.length]?.view ?? 'curves';
    return withNotebook(b, replaceCell(b.notebook, toggleView(toggleLock(cell, field), shown)));
  }),
);

/** Drafts reached from draftBundle() by a few random edits. */
export const editedBundleArb: fc.Arbitrary<Bundle> = fc
  .array(editArb, { maxLength: 12 })
  .map((edits) => edits.reduce((bundle, edit) => edit(bundle), draftBundle()));
