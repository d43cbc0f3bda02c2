/**
 * What schema version 3 added (issue 16) read by every reader of the experiment value: bundles
 * and links, stored experiments, runs and checkpoints. These pass once the model validator
 * (core/model/validate.ts) knows the new layers and the dataset validator the new refs.
 */
import { describe, expect, it } from 'vitest';
import { PLAYGROUND } from '../experiment/experiment';
import { validateExperiment } from '../experiment/validate';
import { MAX_LAYERS } from '../model/validate';
import { parseCheckpoint, CHECKPOINT_FORMAT } from '../runs/checkpoint';
import { parseStoredRun } from '../runs/stored-run';
import { testRun } from '../runs/test-run';
import { canonicalJson } from './canonical';
import { contentId } from './content-id';
import { encodeInlineLink } from './link';
import { readBundle } from './read';
import { SCHEMA_VERSION } from './schema';
import { SEQUENCE_EXPERIMENTS, TRANSFORMER_ON_REVERSE } from './test-sequence';
import v2 from './fixtures/v2.json';
import { validateBundle } from './validate';

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The version 2 fixture's envelope holding one cell per sequence experiment, and one run. */
async function sequenceBundle(
  edit: (bundle: Record<string, unknown>) => void = () => undefined,
): Promise<Record<string, unknown>> {
  const cells = Object.entries(SEQUENCE_EXPERIMENTS).map(([key, experiment]) => ({
    type: 'experiment',
    id: key,
    ...experiment,
    dataset: key,
  }));
  const datasets = Object.fromEntries(
    Object.entries(SEQUENCE_EXPERIMENTS).map(([key, experiment]) => [key, experiment.dataset]),
  );
  const run = {
    ...json(v2.runs[0]),
    cellId: 'reverse',
    datasetKey: 'reverse',
    spec: TRANSFORMER_ON_REVERSE.model,
    config: TRANSFORMER_ON_REVERSE.config,
  };
  const bundle: Record<string, unknown> = {
    ...json(v2),
    schemaVersion: SCHEMA_VERSION,
    notebook: { title: 'Sequences', authors: [], cells },
    datasets,
    runs: [run],
  };
  delete bundle.weights;
  delete run.weightsKey;
  edit(bundle);
  bundle.id = await contentId(bundle);
  return bundle;
}

describe('a version 3 bundle of sequence models', () => {
  it('validates with its toy task, shipped texts, residual blocks and new config fields', async () => {
    const input = await sequenceBundle();
    const read = validateBundle(json(input));
    if (!read.ok) throw read.error;
    const cells = read.value.notebook.cells.filter((cell) => cell.type === 'experiment');
    expect(cells.map((cell) => [cell.id, cell.model, cell.config])).toEqual(
      Object.entries(SEQUENCE_EXPERIMENTS).map(([key, e]) => [key, e.model, e.config]),
    );
    expect(read.value.datasets.reverse).toEqual(TRANSFORMER_ON_REVERSE.dataset);
    expect(Object.keys(read.value.datasets).sort()).toEqual(['names', 'reverse', 'sotu', 'spam']);
    expect(read.value.runs[0]).toMatchObject({
      spec: TRANSFORMER_ON_REVERSE.model,
      config: { optimizer: 'adamw', clipNorm: 1, weightDecay: 0.01 },
    });
    // Nothing is added or lost: the id computed on what was written still names what was read.
    expect(canonicalJson(read.value)).toBe(canonicalJson(input));
  });

  it('opens from a link, its id checked', async () => {
    const bundle = await sequenceBundle();
    const opened = await readBundle({
      kind: 'link',
      hash: encodeInlineLink(canonicalJson(bundle)).fragment,
    });
    if (!opened.ok) throw opened.error;
    expect(opened.value.bundle.id).toBe(bundle.id);
  });

  it('counts the layers inside residual blocks toward the layer limit', async () => {
    const blocks = Math.ceil((MAX_LAYERS + 1) / 2);
    expect(blocks).toBeLessThan(MAX_LAYERS);
    const input = await sequenceBundle((bundle) => {
      const cells = (bundle.notebook as { cells: { model: unknown }[] }).cells;
      const residual = {
        type: 'residual',
        layers: [
          { type: 'dense', units: 4, activation: 'relu' },
          { type: 'dense', units: 64, activation: 'linear' },
        ],
      };
      (cells[0] as { model: unknown }).model = {
        layers: [...Array.from({ length: blocks }, () => residual), { type: 'flatten' }],
      };
    });
    const read = validateBundle(input);
    expect(!read.ok && read.error.reason).toBe('invalid-model');
    expect(!read.ok && read.error.message).toMatch(/notebook\.cells\[0\]\.model/);
  });

  it('refuses a wrong layer inside a residual block, naming the model', async () => {
    const input = await sequenceBundle((bundle) => {
      const cells = (bundle.notebook as { cells: { model: unknown }[] }).cells;
      (cells[0] as { model: unknown }).model = {
        layers: [{ type: 'residual', layers: [{ type: 'causalSelfAttention', heads: 0 }] }],
      };
    });
    const read = validateBundle(input);
    expect(!read.ok && read.error.reason).toBe('invalid-model');
    expect(!read.ok && read.error.message).toMatch(/notebook\.cells\[0\]\.model is not a valid/);
  });
});

describe('stored experiments, runs and checkpoints of sequence models', () => {
  it.each(Object.entries(SEQUENCE_EXPERIMENTS))('read back the %s experiment', (_, input) => {
    const read = validateExperiment(json(input));
    expect(read).toEqual({ ok: true, value: input });
  });

  it('read back a stored run and a checkpoint of the transformer', () => {
    const experiment = validateExperiment(json(TRANSFORMER_ON_REVERSE));
    if (!experiment.ok) throw experiment.error;
    const run = testRun({ experiment: experiment.value });
    expect(parseStoredRun(structuredClone(run))).toEqual({ ok: true, value: run });
    const checkpoint = {
      format: CHECKPOINT_FORMAT,
      runId: run.id,
      epoch: 1,
      steps: 7,
      savedAt: '2026-12-06T10:00:00.000Z',
      job: { experiment: experiment.value, gridResolution: 0, place: PLAYGROUND },
      history: [],
      optimizer: 'AdamW',
      weights: [
        {
          name: 'residual_2_1_causalSelfAttention/query/kernel',
          shape: [64, 4, 16],
          dtype: 'float32',
          data: new ArrayBuffer(64 * 4 * 16 * 4),
        },
      ],
      optimizerWeights: [],
      adamPowers: { beta1: 0.9, beta2: 0.999 },
    };
    expect(parseCheckpoint(structuredClone(checkpoint))).toEqual({ ok: true, value: checkpoint });
  });
});
