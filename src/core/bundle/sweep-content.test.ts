/**
 * What schema version 4 added (issue 17): a sweep cell (an experiment cell with a sweep plan over
 * its experiment) and the runs of its sweep, read by every reader of a bundle: validation, links
 * and files. A plan that varies a field the cell locks is refused, so a lesson's locks bind its
 * sweep as they bind an edit.
 */
import { describe, expect, it } from 'vitest';
import { experimentOf, withExperiment } from '../experiment/cell';
import type { SweepPlan } from '../sweep/sweep';
import { canonicalJson } from './canonical';
import { contentId } from './content-id';
import { encodeBundleFile } from './file';
import v3 from './fixtures/v3.json';
import { encodeInlineLink } from './link';
import { readBundle } from './read';
import { SCHEMA_VERSION, type Bundle } from './schema';
import { validateBundle } from './validate';

type Json = Record<string, unknown>;
interface CellJson extends Json {
  id: string;
  locks?: string[];
  sweep?: unknown;
}
interface RunJson extends Json {
  cellId: string;
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const LEARNING_RATE_PLAN: SweepPlan = {
  fields: [
    {
      target: { kind: 'config', field: 'learningRate' },
      values: { kind: 'log', from: 0.001, to: 1, count: 4 },
    },
  ],
  method: { kind: 'grid' },
  maxRuns: 4,
  maxMinutes: null,
  objective: { metric: 'validationAccuracy', goal: 'max' },
};

const UNITS_PLAN: SweepPlan = {
  fields: [
    {
      target: { kind: 'layer', path: [0], setting: 'units' },
      values: { kind: 'list', values: [4, 8] },
    },
    { target: { kind: 'seed' }, values: { kind: 'list', values: [1, 2] } },
  ],
  method: { kind: 'random', seed: 7, count: 3 },
  maxRuns: 3,
  maxMinutes: 5,
  objective: { metric: 'validationLoss', goal: 'min' },
};

/**
 * The version 3 fixture (the depth-spiral lesson: cells `shallow` and `deep`, each locking its
 * dataset, one run each) as version 4, with `shallow` sweeping the learning rate and a run of that
 * sweep; `edit` changes it before its id is computed.
 */
async function sweepBundle(edit: (bundle: Json) => void = () => undefined): Promise<Json> {
  const bundle = { ...json(v3), schemaVersion: SCHEMA_VERSION } as Json;
  const cells = (bundle.notebook as { cells: CellJson[] }).cells;
  const shallow = cells.find((c) => c.id === 'shallow') as CellJson;
  shallow.sweep = json(LEARNING_RATE_PLAN);
  const runs = bundle.runs as RunJson[];
  const recorded = runs.find((r) => r.cellId === 'shallow') as RunJson;
  runs.push({ ...json(recorded), id: 'sweep-run-1', sweep: { values: [0.1] } });
  edit(bundle);
  bundle.id = await contentId(bundle);
  return bundle;
}

const cellOf = (bundle: Json, id: string): CellJson =>
  (bundle.notebook as { cells: CellJson[] }).cells.find((c) => c.id === id) as CellJson;

function refusal(input: unknown) {
  const read = validateBundle(input);
  if (read.ok) throw new Error('it was not refused');
  return read.error;
}

describe('a version 4 bundle with a sweep cell', () => {
  it('validates with its plan and its sweep run, losing and adding nothing', async () => {
    const input = await sweepBundle();
    const read = validateBundle(json(input));
    if (!read.ok) throw read.error;
    const shallow = read.value.notebook.cells.find((c) => c.id === 'shallow');
    expect(shallow?.type === 'experiment' && shallow.sweep).toEqual(LEARNING_RATE_PLAN);
    expect(read.value.runs.map((run) => [run.id, run.sweep])).toEqual([
      ['shallow-run', undefined],
      ['deep-run', undefined],
      ['sweep-run-1', { values: [0.1] }],
    ]);
    // The id computed on what was written still names what was read.
    expect(canonicalJson(read.value)).toBe(canonicalJson(input));
  });

  it('keeps what a newer Gradlab wrote inside a plan and a trial', async () => {
    const input = await sweepBundle((bundle) => {
      const plan = cellOf(bundle, 'shallow').sweep as Json;
      plan.note = 'from a newer Gradlab';
      ((bundle.runs as Json[])[2]?.sweep as Json).rung = 2;
    });
    const read = validateBundle(input);
    if (!read.ok) throw read.error;
    expect(canonicalJson(read.value)).toBe(canonicalJson(input));
  });

  it('opens from a link and from a file, its id checked', async () => {
    const bundle = await sweepBundle();
    const text = canonicalJson(bundle);
    const fromLink = await readBundle({ kind: 'link', hash: encodeInlineLink(text).fragment });
    if (!fromLink.ok) throw fromLink.error;
    const file = new Blob([encodeBundleFile(text, {}) as Uint8Array<ArrayBuffer>]);
    const fromFile = await readBundle({ kind: 'file', name: 'sweep.gradlab.zip', blob: file });
    if (!fromFile.ok) throw fromFile.error;
    for (const opened of [fromLink.value.bundle, fromFile.value.bundle]) {
      expect(opened.id).toBe(bundle.id);
      expect(canonicalJson(opened)).toBe(text);
    }
  });

  it('takes a plan over a layer and the seed in a cell that locks only its data', async () => {
    const input = await sweepBundle((bundle) => {
      cellOf(bundle, 'deep').sweep = json(UNITS_PLAN);
    });
    const read = validateBundle(input);
    expect(read.ok).toBe(true);
  });

  it('keeps the sweep out of the experiment it sweeps, and keeps it when that is edited', async () => {
    const read = validateBundle(await sweepBundle());
    if (!read.ok) throw read.error;
    const bundle: Bundle = read.value;
    const experiment = experimentOf(bundle, 'shallow');
    expect(experiment).not.toBeNull();
    expect(experiment && 'sweep' in experiment).toBe(false);
    if (experiment === null) return;
    const edited = withExperiment(bundle, 'shallow', {
      ...experiment,
      config: { ...experiment.config, batchSize: 64 },
    });
    const cell = edited.notebook.cells.find((c) => c.id === 'shallow');
    expect(cell?.type === 'experiment' && [cell.config.batchSize, cell.sweep]).toEqual([
      64,
      LEARNING_RATE_PLAN,
    ]);
  });

  it.each<[string, string, (cell: CellJson) => void, RegExp]>([
    [
      'a plan that varies the learning rate of a cell that locks it',
      'shallow',
      (cell) => {
        cell.locks = ['dataset', 'config.learningRate'];
      },
      /notebook\.cells\[1\]\.sweep\.fields\[0\] varies config\.learningRate, which the cell locks/,
    ],
    [
      'a plan that varies a layer of a cell that locks its model',
      'deep',
      (cell) => {
        cell.locks = ['model'];
        cell.sweep = json(UNITS_PLAN);
      },
      /notebook\.cells\[3\]\.sweep\.fields\[0\] varies model, which the cell locks/,
    ],
    [
      'a plan that varies the seed of a cell that locks it',
      'deep',
      (cell) => {
        cell.locks = ['config.seed'];
        cell.sweep = json(UNITS_PLAN);
      },
      /notebook\.cells\[3\]\.sweep\.fields\[1\] varies config\.seed/,
    ],
    [
      'a plan that is not one',
      'shallow',
      (cell) => {
        cell.sweep = { fields: [] };
      },
      /notebook\.cells\[1\]\.sweep is not a sweep Gradlab can run \(.*must name at least one field/,
    ],
  ])('refuses %s, naming the field', async (_, cellId, edit, message) => {
    const input = await sweepBundle((bundle) => edit(cellOf(bundle, cellId)));
    const error = refusal(input);
    expect(error.reason).toBe('invalid-field');
    expect(error.message).toMatch(message);
  });

  it.each<[string, (run: Json) => void, string, RegExp]>([
    [
      'a sweep run of a cell without a sweep',
      (run) => {
        run.cellId = 'deep';
      },
      'dangling-key',
      /runs\[2\]\.sweep is a sweep run of a cell that holds no sweep/,
    ],
    [
      'a trial with a value too few',
      (run) => {
        run.sweep = { values: [] };
      },
      'invalid-field',
      /runs\[2\]\.sweep\.values must hold one value for each of the plan's 1 fields/,
    ],
    [
      'a trial with a value too many',
      (run) => {
        run.sweep = { values: [0.1, 0.2] };
      },
      'too-large',
      /runs\[2\]\.sweep\.values holds 2 items/,
    ],
    [
      'a trial value that is neither a number nor a name',
      (run) => {
        run.sweep = { values: [true] };
      },
      'invalid-field',
      /runs\[2\]\.sweep\.values\[0\] must be text/,
    ],
  ])('refuses %s', async (_, edit, reason, message) => {
    const input = await sweepBundle((bundle) => edit((bundle.runs as Json[])[2] as Json));
    const error = refusal(input);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });
});
