import { describe, expect, it } from 'vitest';
import { PLAYGROUND } from '../experiment/experiment';
import runV1 from './fixtures/run-v1.json';
import { parseRunFile } from './metrics-file';
import { importedRunOf } from './imported-run';
import { BROWSER_ORIGIN } from './origin';
import { parseStoredRun, RUN_FORMAT } from './stored-run';
import { testRun } from './test-run';
import { testRunFileText } from './test-run-file';

describe('stored runs of the first format (a training job, before the experiment value)', () => {
  it('read as a run of the current format: the job becomes the experiment, run in the playground', () => {
    const read = parseStoredRun(structuredClone(runV1));
    if (!read.ok) throw read.error;
    const run = read.value;
    expect(run.format).toBe(RUN_FORMAT);
    expect(run.place).toEqual(PLAYGROUND);
    expect(run.experiment.dataset).toEqual(runV1.job.dataset);
    expect(run.experiment.model).toEqual(runV1.job.model);
    // Runs saved before clipping and weight decay existed trained with neither.
    expect(run.experiment.config).toEqual({ ...runV1.job.config, clipNorm: 0, weightDecay: 0 });
    expect(run.experiment.views).toEqual(['curves', 'boundary']);
    expect(run.epochs).toEqual(runV1.epochs);
    expect(run.origin).toEqual(BROWSER_ORIGIN);
    expect(run).not.toHaveProperty('job');
    expect(run).not.toHaveProperty('seed');
  });

  it('fills in what configs saved before schedules and penalties lacked', () => {
    const old = structuredClone(runV1) as Record<string, unknown> & typeof runV1;
    const config: Record<string, unknown> = { ...old.job.config };
    delete config.schedule;
    delete config.l1;
    delete config.l2;
    const read = parseStoredRun({ ...old, job: { ...old.job, config } });
    expect(read.ok && read.value.experiment.config.schedule).toEqual({ kind: 'constant' });
    expect(read.ok && read.value.experiment.config.l2).toBe(0);
  });

  it('names the damaged part of an old record that cannot be migrated', () => {
    const old = structuredClone(runV1);
    const read = parseStoredRun({ ...old, job: { ...old.job, model: { layers: [] } } });
    expect(!read.ok && read.error.message).toMatch(/run-v1 cannot be read: .*experiment\.model/);
  });
});

describe('stored runs of the second format (before runs said where they ran)', () => {
  it('read as runs that ran in this browser', () => {
    const v2: Record<string, unknown> = { ...testRun(), format: 2 };
    delete v2.origin;
    delete v2.sweep;
    const read = parseStoredRun(v2);
    if (!read.ok) throw read.error;
    expect(read.value).toEqual({ ...testRun(), format: RUN_FORMAT, origin: BROWSER_ORIGIN });
  });
});

describe('stored runs of the third format (before sweeps)', () => {
  it('read as runs started by themselves', () => {
    const v3: Record<string, unknown> = { ...testRun(), format: 3 };
    delete v3.sweep;
    const read = parseStoredRun(v3);
    if (!read.ok) throw read.error;
    expect(RUN_FORMAT).toBe(4);
    expect(read.value).toEqual({ ...testRun(), sweep: null });
  });

  it('a run of a sweep reads back with its sweep and trial, and a malformed link is named', () => {
    const link = { sweepId: 'sweep-1', trialId: 'trial-3' };
    const read = parseStoredRun({ ...testRun(), sweep: link });
    expect(read.ok && read.value.sweep).toEqual(link);
    const bad = parseStoredRun({ ...testRun(), sweep: { sweepId: 4 } });
    expect(!bad.ok && bad.error.message).toMatch(/its sweep is malformed/);
  });
});

describe('the origin of a stored run', () => {
  function imported() {
    const file = parseRunFile(testRunFileText());
    if (!file.ok) throw file.error;
    return importedRunOf(file.value, {
      id: 'keras-1',
      name: 'spiral · Keras',
      fileName: 'metrics.jsonl',
      importedAt: '2026-12-02T08:00:00.000Z',
      appVersion: '0.1.0',
      source: testRun(),
      weights: null,
    });
  }

  it("an imported run reads back as stored, with its machine, its source and the end line's timings", () => {
    const run = imported();
    expect(parseStoredRun(structuredClone(run))).toEqual({ ok: true, value: run });
    expect(run.origin).toEqual({
      kind: 'imported',
      keras: '3.15.1',
      backend: 'tensorflow',
      framework: 'tensorflow 2.21.0',
      devices: ['GPU:0', 'GPU:1'],
      strategy: 'mirrored',
      replicas: 2,
      python: '3.12.3',
      platform: 'Linux-6.8-x86_64',
      hostname: 'gpu-box',
      init: 'browser',
      sourceRunId: 'run-1',
      ending: 'finished',
      importedAt: '2026-12-02T08:00:00.000Z',
      fileName: 'metrics.jsonl',
    });
    expect(run.backend).toBeNull();
    expect(run.durationMs).toBe(4750);
    expect(run.samplesPerSec).toBe(101.5);
    expect(run.place).toEqual(testRun().place);
  });

  it('refuses a malformed origin, naming it', () => {
    const run = imported();
    for (const origin of [
      { kind: 'elsewhere' },
      { ...run.origin, strategy: 'horovod' },
      { ...run.origin, replicas: 0 },
      { ...run.origin, ending: 'crashed' },
      null,
    ]) {
      const read = parseStoredRun({ ...structuredClone(run), origin });
      expect(!read.ok && read.error.message).toMatch(
        /keras-1 cannot be read: its origin .* is malformed/,
      );
    }
  });

  it('refuses a record of a newer format, and says to reload', () => {
    const read = parseStoredRun({ ...testRun(), format: RUN_FORMAT + 1 });
    expect(!read.ok && read.error.message).toMatch(/newer Gradlab \(format 5\); reload the page/);
  });
});
