import { describe, expect, it } from 'vitest';
import type { ReadyEvent } from '../../core/protocol';
import { testRun } from '../../core/runs/test-run';
import { newSweepRecord, nextLaunches } from '../../core/sweep/queue';
import { counter, testSweep } from '../../core/sweep/test-sweeps';
import type { TrialEnd } from './pool';
import { trialOutcome, trialRun } from './trial-run';

const READY: ReadyEvent = {
  type: 'ready',
  backend: 'webgl',
  requested: 'auto',
  reason: '',
  adapter: null,
  renderer: 'ANGLE (SwiftShader)',
};

const epoch = (n: number) => ({
  epoch: n,
  trainLoss: 1 / n,
  trainAccuracy: 0.5,
  validationLoss: 2 / n,
  validationAccuracy: 0.4,
});

function launched() {
  const made = newSweepRecord(testSweep(), new Date('2026-01-02T10:00:00Z'), counter());
  if (!made.ok) throw made.error;
  const { record, launches } = nextLaunches(made.value, 1);
  const [launch] = launches;
  if (launch === undefined) throw new Error('nothing launched');
  return { record, launch };
}

const end = (overrides: Partial<TrialEnd> = {}): TrialEnd => ({
  reason: 'completed',
  message: null,
  epochs: [epoch(1), epoch(2)],
  weights: { modelJson: '{}', data: new ArrayBuffer(8) },
  backend: READY,
  durationMs: 500,
  samplesPerSec: 900,
  ...overrides,
});

describe("a trial's run", () => {
  it('is stored like any run, named for what the trial varied and linked to it', () => {
    const { record, launch } = launched();
    const run = trialRun({
      record,
      launch,
      end: end(),
      startedAt: Date.parse('2026-01-02T10:00:05Z'),
      earlier: null,
      datasetSha256: null,
      taken: [],
    });
    expect(run).toMatchObject({
      id: launch.runId,
      name: 'spiral · lr 0.003 · units 4',
      createdAt: '2026-01-02T10:00:05.000Z',
      experiment: launch.experiment,
      place: record.sweep.place,
      backend: 'webgl',
      adapter: 'ANGLE (SwiftShader)',
      durationMs: 500,
      samplesPerSec: 900,
      sweep: { sweepId: 'sweep-1', trialId: launch.trialId },
    });
    expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(trialOutcome(end(), run, record.sweep.plan.objective)).toEqual({
      ok: true,
      epochsDone: 2,
      metric: 1,
    });
  });

  it('takes a name no other run has', () => {
    const { record, launch } = launched();
    const input = { record, launch, end: end(), startedAt: 0, earlier: null, datasetSha256: null };
    const taken = ['spiral · lr 0.003 · units 4', 'spiral · lr 0.003 · units 4 (2)'];
    expect(trialRun({ ...input, taken })?.name).toBe('spiral · lr 0.003 · units 4 (3)');
  });

  it('goes on from its earlier rungs when halving promoted it: one curve, one clock, its name kept', () => {
    const { record, launch } = launched();
    const earlier = {
      ...testRun({ id: launch.runId, name: 'renamed', tags: ['keep'] }),
      epochs: [epoch(1), epoch(2)],
      durationMs: 400,
      createdAt: '2026-01-02T09:00:00.000Z',
    };
    const run = trialRun({
      record,
      launch,
      end: end({ epochs: [epoch(3), epoch(4)], durationMs: 300 }),
      startedAt: 0,
      earlier,
      datasetSha256: null,
      taken: ['renamed'],
    });
    expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(run).toMatchObject({
      name: 'renamed',
      tags: ['keep'],
      createdAt: '2026-01-02T09:00:00.000Z',
      durationMs: 700,
    });
  });

  it('is none when the trial failed, and the queue hears why', () => {
    const { record, launch } = launched();
    const failed = end({ reason: 'failed', message: 'The loss became NaN.', weights: null });
    const input = { record, launch, startedAt: 0, earlier: null, datasetSha256: null, taken: [] };
    expect(trialRun({ ...input, end: failed })).toBeNull();
    expect(trialOutcome(failed, null, record.sweep.plan.objective)).toEqual({
      ok: false,
      message: 'The loss became NaN.',
    });
    // A run that ended before its first epoch leaves nothing to compare.
    const empty = end({ epochs: [] });
    expect(trialRun({ ...input, end: empty })).toBeNull();
    expect(trialOutcome(empty, null, record.sweep.plan.objective)).toEqual({
      ok: false,
      message: 'The run ended before its first epoch.',
    });
  });
});
