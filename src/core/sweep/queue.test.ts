import { describe, expect, it } from 'vitest';
import {
  bestTrial,
  canResume,
  estimateMsLeft,
  newSweepRecord,
  nextLaunches,
  pauseSweep,
  recoverSweep,
  resumeSweep,
  stopSweep,
  sweepCounts,
  tickSweep,
  trialEnded,
  trialEpoch,
  trialRunName,
  type Launch,
} from './queue';
import type { Sweep, SweepPlan, SweepRecord, Trial } from './sweep';
import { counter, halving, testSweep } from './test-sweeps';
import { parseSweepRecord } from './validate';

const T0 = new Date('2026-01-02T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function created(plan: Partial<SweepPlan> = {}, sweep: Sweep = testSweep(plan)): SweepRecord {
  const made = newSweepRecord(sweep, T0, counter('t'));
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

const trial = (record: SweepRecord, id: string): Trial => {
  const found = record.trials.find((t) => t.id === id);
  if (found === undefined) throw new Error(`no trial ${id}`);
  return found;
};

const statuses = (record: SweepRecord) => record.trials.map((t) => t.status);

/** The metric a trial would reach: best at learning rate 0.03 and 16 units, worse further away. */
const fakeMetric = (values: readonly unknown[]): number => {
  const [lr, units] = values;
  return Math.abs(Math.log10(Number(lr) / 0.03)) + Math.abs(Math.log2(Number(units) / 16)) / 10;
};

/** Runs a launch to its end: an epoch report each epoch, then the end, its metric fakeMetric's. */
function finish(record: SweepRecord, launch: Launch, now = at(60)): SweepRecord {
  const { values } = trial(record, launch.trialId);
  let next = record;
  for (let epoch = trial(record, launch.trialId).epochsDone + 1; epoch <= launch.epochs; epoch++) {
    next = trialEpoch(next, launch.trialId, epoch, fakeMetric(values) + 1 / epoch);
  }
  return trialEnded(
    next,
    launch.trialId,
    { ok: true, epochsDone: launch.epochs, metric: fakeMetric(values) + 1 / launch.epochs },
    now,
  );
}

/** Runs the whole sweep `parallel` at a time; every launch in the order it was made. */
function runAll(
  record: SweepRecord,
  parallel: number,
): { record: SweepRecord; launches: Launch[] } {
  const all: Launch[] = [];
  let current = record;
  const inFlight: Launch[] = [];
  for (let step = 0; step < 1000; step++) {
    const next = nextLaunches(current, parallel - inFlight.length);
    current = next.record;
    all.push(...next.launches);
    inFlight.push(...next.launches);
    const done = inFlight.shift();
    if (done === undefined) return { record: current, launches: all };
    current = finish(current, done);
  }
  throw new Error('the sweep never ended');
}

describe('newSweepRecord', () => {
  it('queues one pending trial per combination, each with its own run', () => {
    const record = created();
    expect(record.status).toBe('running');
    expect(record.trials).toHaveLength(9);
    expect(record.trials[0]).toEqual({
      id: 't1',
      runId: 't2',
      values: [0.003, 4],
      status: 'pending',
      epochsDone: 0,
      targetEpochs: 100,
      metric: null,
      error: null,
    });
    expect(record).toMatchObject({
      rung: 0,
      runningMs: 0,
      updatedAt: T0.toISOString(),
      note: null,
    });
  });

  it("trains each trial its own epochs when the epochs vary, and halving's first rung under halving", () => {
    const epochs = created({
      fields: [
        { target: { kind: 'config', field: 'epochs' }, values: { kind: 'list', values: [5, 50] } },
      ],
    });
    expect(epochs.trials.map((t) => t.targetEpochs)).toEqual([5, 50]);
    expect(created({ method: halving(10, 1 / 3) }).trials.map((t) => t.targetEpochs)).toEqual(
      Array(9).fill(10),
    );
  });

  it('refuses a plan its experiment cannot run', () => {
    const made = newSweepRecord(testSweep({ method: halving(500, 0.5) }), T0, counter());
    expect(made.ok ? null : made.error.field).toBe('plan.method.minEpochs');
  });
});

describe('nextLaunches', () => {
  it('launches pending trials in order up to the free slots, marking them running', () => {
    const { record, launches } = nextLaunches(created(), 2);
    expect(launches.map((l) => l.trialId)).toEqual(['t1', 't3']);
    expect(launches[0]).toMatchObject({ runId: 't2', epochs: 100, resume: false });
    expect(launches[1]?.experiment.config.learningRate).toBe(0.003);
    expect(launches[1]?.experiment.model.layers[0]).toMatchObject({ units: 8 });
    expect(statuses(record).slice(0, 3)).toEqual(['running', 'running', 'pending']);
    expect(nextLaunches(record, 1).launches.map((l) => l.trialId)).toEqual(['t5']);
  });

  it('fails a trial whose experiment cannot be built, and launches the next instead', () => {
    const made = created({ maxRuns: 2 });
    const record = {
      ...made,
      trials: made.trials.map((t, i) => (i === 0 ? { ...t, values: [20, 4] } : t)),
    };
    const next = nextLaunches(record, 1);
    expect(next.launches.map((l) => l.trialId)).toEqual(['t3']);
    expect(trial(next.record, 't1')).toMatchObject({ status: 'failed' });
    expect(trial(next.record, 't1').error).toMatch(/^Learning rate cannot be 20/);
    const ended = trialEnded(next.record, 't3', { ok: true, epochsDone: 100, metric: 1 }, at(9));
    expect(ended.status).toBe('done');
    expect(ended.note).toBeNull();
  });

  it('launches nothing without free slots or unless the sweep is running', () => {
    const record = created();
    expect(nextLaunches(record, 0)).toEqual({ record, launches: [] });
    const paused = pauseSweep(record, at(1));
    expect(nextLaunches(paused, 4)).toEqual({ record: paused, launches: [] });
  });
});

describe('a grid sweep from start to end', () => {
  it('runs every trial once, finds the best, and is done', () => {
    const { record, launches } = runAll(created(), 3);
    expect(launches).toHaveLength(9);
    expect(new Set(launches.map((l) => l.trialId)).size).toBe(9);
    expect(record.status).toBe('done');
    expect(statuses(record)).toEqual(Array(9).fill('done'));
    expect(sweepCounts(record)).toEqual({ done: 9, total: 9, running: 0, failed: 0 });
    expect(bestTrial(record)?.values).toEqual([0.03, 16]);
    expect(estimateMsLeft(record, 3)).toBe(0);
  });

  it('records a failed run and goes on; a sweep whose every run failed says so', () => {
    let record = created({ maxRuns: 2 });
    const { launches } = ({ record } = nextLaunches(record, 2));
    record = trialEnded(
      record,
      launches[0]?.trialId ?? '',
      { ok: false, message: 'NaN loss' },
      at(5),
    );
    expect(trial(record, 't1')).toMatchObject({ status: 'failed', error: 'NaN loss' });
    expect(record.status).toBe('running');
    expect(sweepCounts(record)).toEqual({ done: 1, total: 2, running: 1, failed: 1 });
    record = trialEnded(record, 't3', { ok: false, message: 'Out of memory' }, at(6));
    expect(record.status).toBe('done');
    expect(record.note).toBe('Every run failed; the first said: NaN loss');
    expect(bestTrial(record)).toBeNull();
  });

  it('ranks a diverged run (non-finite metric) below every real one', () => {
    let record = created({ maxRuns: 2 });
    record = nextLaunches(record, 2).record;
    record = trialEnded(record, 't1', { ok: true, epochsDone: 100, metric: Number.NaN }, at(5));
    record = trialEnded(record, 't3', { ok: true, epochsDone: 100, metric: 4 }, at(6));
    expect(trial(record, 't1').metric).toBeNull();
    expect(bestTrial(record)?.id).toBe('t3');
  });

  it("picks the best by the objective's goal", () => {
    const max = created({ objective: { metric: 'validationAccuracy', goal: 'max' } });
    const { record } = runAll(max, 2);
    expect(bestTrial(record)?.values).not.toEqual([0.03, 16]);
    const worst = [...record.trials].sort((a, b) => (b.metric ?? 0) - (a.metric ?? 0))[0];
    expect(bestTrial(record)?.id).toBe(worst?.id);
  });
});

describe('epochs and the estimate', () => {
  it("records a running trial's progress and ignores reports for other trials", () => {
    let record = nextLaunches(created(), 1).record;
    record = trialEpoch(record, 't1', 3, 0.7);
    expect(trial(record, 't1')).toMatchObject({ epochsDone: 3, metric: 0.7 });
    expect(trialEpoch(record, 't3', 3, 0.7)).toBe(record);
    expect(trialEnded(record, 't3', { ok: true, epochsDone: 1, metric: 1 }, at(1))).toBe(record);
  });

  it('estimates the time left from the time per epoch so far, shared among the workers', () => {
    let record = nextLaunches(created(), 2).record;
    expect(estimateMsLeft(record, 2)).toBeNull();
    record = trialEpoch(record, 't1', 10, 0.9);
    record = trialEpoch(record, 't3', 10, 0.9);
    record = tickSweep(record, 2_000, at(2));
    // 20 epochs took 2 s with 2 workers: 200 ms an epoch a worker. 880 epochs are left, 2 at once.
    expect(estimateMsLeft(record, 2)).toBe((880 * 200) / 2);
    // Near the end, one trial left cannot use a second worker.
    const last = {
      ...record,
      trials: record.trials.map((t) => (t.id === 't1' ? t : { ...t, status: 'done' as const })),
    };
    expect(estimateMsLeft(last, 2)).toBe(90 * 200);
    expect(estimateMsLeft(stopSweep(record, at(3)), 2)).toBeNull();
  });
});

describe('pause, resume, stop and the time cap', () => {
  it('pausing starts nothing new, and the runs in flight finish and count', () => {
    let record = nextLaunches(created(), 2).record;
    record = pauseSweep(record, at(1));
    expect(record.status).toBe('paused');
    record = trialEnded(record, 't1', { ok: true, epochsDone: 100, metric: 0.5 }, at(2));
    expect(trial(record, 't1').status).toBe('done');
    expect(nextLaunches(record, 2).launches).toEqual([]);
    expect(canResume(record)).toBe(true);
    record = resumeSweep(record, at(3));
    expect(record.status).toBe('running');
    expect(nextLaunches(record, 1).launches.map((l) => l.trialId)).toEqual(['t5']);
  });

  it('stopping abandons the runs in flight: they go back to the queue and their late ends are ignored', () => {
    let record = nextLaunches(created(), 2).record;
    record = trialEpoch(record, 't1', 40, 0.6);
    record = stopSweep(record, at(5));
    expect(record.status).toBe('stopped');
    expect(trial(record, 't1')).toMatchObject({ status: 'pending', epochsDone: 0, metric: null });
    expect(trialEnded(record, 't1', { ok: true, epochsDone: 40, metric: 0.6 }, at(6))).toBe(record);
    expect(nextLaunches(record, 2).launches).toEqual([]);
    record = resumeSweep(record, at(7));
    expect(nextLaunches(record, 2).launches.map((l) => [l.trialId, l.resume])).toEqual([
      ['t1', false],
      ['t3', false],
    ]);
    expect(stopSweep(record, at(8)).note).toBeNull();
  });

  it('adds running time only while running, and stops at the time cap saying so', () => {
    let record = nextLaunches(created({ maxMinutes: 1 }), 1).record;
    record = tickSweep(record, 30_000, at(30));
    expect(record).toMatchObject({ status: 'running', runningMs: 30_000 });
    const paused = pauseSweep(record, at(31));
    expect(tickSweep(paused, 60_000, at(91))).toBe(paused);
    record = tickSweep(record, 30_000, at(60));
    expect(record).toMatchObject({
      status: 'stopped',
      runningMs: 60_000,
      note: 'Stopped at its time limit of 1 minute.',
    });
    expect(trial(record, 't1').status).toBe('pending');
    expect(canResume(record)).toBe(false);
    expect(resumeSweep(record, at(61))).toBe(record);
  });

  it('leaves a finished sweep as it is', () => {
    const { record } = runAll(created({ maxRuns: 2 }), 2);
    expect(pauseSweep(record, at(1))).toBe(record);
    expect(stopSweep(record, at(1))).toBe(record);
    expect(resumeSweep(record, at(1))).toBe(record);
  });
});

describe('a reload in the middle', () => {
  it('runs again the trials that were running, from scratch, and never the finished ones', () => {
    let record = nextLaunches(created(), 3).record;
    record = finish(record, {
      trialId: 't1',
      runId: 't2',
      experiment: record.sweep.base,
      epochs: 100,
      resume: false,
    });
    record = trialEpoch(record, 't3', 42, 0.8);
    // The page closes; the next one reads the record from storage.
    const read = parseSweepRecord(JSON.parse(JSON.stringify(record)));
    if (!read.ok) throw new Error(read.error.message);
    expect(statuses(read.value).slice(0, 4)).toEqual(['done', 'running', 'running', 'pending']);
    const recovered = recoverSweep(read.value);
    expect(trial(recovered, 't3')).toMatchObject({ status: 'pending', epochsDone: 0 });
    const { launches, record: after } = runAll(recovered, 3);
    expect(launches.map((l) => l.trialId)).toEqual([
      't3',
      't5',
      't7',
      't9',
      't11',
      't13',
      't15',
      't17',
    ]);
    expect(launches.every((l) => !l.resume)).toBe(true);
    expect(after.status).toBe('done');
    expect(sweepCounts(after).done).toBe(9);
  });

  it('changes nothing when no trial was running', () => {
    const record = created();
    expect(recoverSweep(record)).toBe(record);
  });
});

describe('successive halving', () => {
  it('trains all, keeps the best third each rung and trains the winner to the full epochs', () => {
    const { record, launches } = runAll(created({ method: halving(10, 1 / 3) }), 4);
    // 9 runs of 10 epochs, 3 continued to 30, 1 continued to 100.
    expect(launches.map((l) => l.epochs)).toEqual([...Array(9).fill(10), 30, 30, 30, 100]);
    expect(launches.slice(9).every((l) => l.resume)).toBe(true);
    expect(launches.slice(0, 9).every((l) => !l.resume)).toBe(true);
    const promoted = launches.slice(9, 12).map((l) => trial(record, l.trialId).values);
    // The three nearest the best settings (fakeMetric) go on.
    expect(promoted).toEqual([
      [0.03, 4],
      [0.03, 8],
      [0.03, 16],
    ]);
    expect(launches[12]?.experiment.config.epochs).toBe(100);
    expect(record.status).toBe('done');
    expect(record.rung).toBe(2);
    expect(statuses(record).filter((s) => s === 'pruned')).toHaveLength(8);
    expect(bestTrial(record)?.values).toEqual([0.03, 16]);
    expect(bestTrial(record)?.epochsDone).toBe(100);
    expect(sweepCounts(record)).toEqual({ done: 9, total: 9, running: 0, failed: 0 });
  });

  it('counts a trial as done only once it cannot be promoted, and estimates the later rungs', () => {
    let record = created({ method: halving(10, 1 / 3) });
    record = nextLaunches(record, 9).record;
    for (const t of record.trials.slice(0, 8)) {
      record = trialEnded(
        record,
        t.id,
        { ok: true, epochsDone: 10, metric: fakeMetric(t.values) },
        at(10),
      );
    }
    expect(sweepCounts(record)).toEqual({ done: 0, total: 9, running: 1, failed: 0 });
    record = tickSweep(record, 8_000, at(10));
    // 80 epochs in 8 s on 1 worker: 100 ms an epoch. Left: 10, then 3 x 20, then 1 x 70.
    expect(estimateMsLeft(record, 1)).toBe((10 + 60 + 70) * 100);
    record = trialEnded(record, 't17', { ok: true, epochsDone: 10, metric: 5 }, at(11));
    expect(record.rung).toBe(1);
    expect(sweepCounts(record)).toEqual({ done: 6, total: 9, running: 0, failed: 0 });
  });

  it('after a reload, continues a promoted trial from its checkpoint', () => {
    let record = created({ method: halving(10, 1 / 3) });
    const first = nextLaunches(record, 9);
    record = first.record;
    for (const launch of first.launches) record = finish(record, launch);
    const promotedLaunch = nextLaunches(record, 1);
    const id = promotedLaunch.launches[0]?.trialId ?? '';
    record = trialEpoch(promotedLaunch.record, id, 17, 0.3);
    const recovered = recoverSweep(record);
    expect(trial(recovered, id)).toMatchObject({
      status: 'pending',
      epochsDone: 10,
      targetEpochs: 30,
    });
    const again = nextLaunches(recovered, 1).launches[0];
    expect(again).toMatchObject({ trialId: id, epochs: 30, resume: true });
  });

  it('goes on with fewer when runs of a rung failed', () => {
    let record = created({ method: halving(10, 1 / 3) });
    record = nextLaunches(record, 9).record;
    record.trials.forEach((t, i) => {
      record =
        i < 7
          ? trialEnded(record, t.id, { ok: false, message: 'lost' }, at(1))
          : trialEnded(record, t.id, { ok: true, epochsDone: 10, metric: i }, at(1));
    });
    expect(statuses(record).slice(7)).toEqual(['pending', 'pending']);
    expect(record.rung).toBe(1);
  });
});

describe('trialRunName', () => {
  it("says the sweep and each varied field's value, rounded as applied", () => {
    const sweep = testSweep({
      fields: [
        {
          target: { kind: 'config', field: 'learningRate' },
          values: { kind: 'list', values: [0.03] },
        },
        {
          target: { kind: 'layer', path: [0], setting: 'units' },
          values: { kind: 'linear', from: 4, to: 17, count: 3 },
        },
      ],
    });
    const record = created({}, sweep);
    expect(record.trials.map((t) => trialRunName(sweep, t))).toEqual([
      'spiral · lr 0.03 · units 4',
      'spiral · lr 0.03 · units 11',
      'spiral · lr 0.03 · units 17',
    ]);
    const two = testSweep({
      fields: [
        {
          target: { kind: 'layer', path: [0], setting: 'units' },
          values: { kind: 'list', values: [8] },
        },
        {
          target: { kind: 'layer', path: [1], setting: 'units' },
          values: { kind: 'list', values: [32] },
        },
        { target: { kind: 'seed' }, values: { kind: 'list', values: [3] } },
      ],
    });
    expect(trialRunName(two, trial(created({}, two), 't1'))).toBe(
      'spiral · units 1=8 · units 2=32 · seed 3',
    );
  });
});
