import { describe, expect, it } from 'vitest';
import { PLAYGROUND } from '../experiment/experiment';
import runV1 from './fixtures/run-v1.json';
import { parseStoredRun, RUN_FORMAT } from './stored-run';

describe('stored runs of the first format (a training job, before the experiment value)', () => {
  it('read as a run of the current format: the job becomes the experiment, run in the playground', () => {
    const read = parseStoredRun(structuredClone(runV1));
    if (!read.ok) throw read.error;
    const run = read.value;
    expect(run.format).toBe(RUN_FORMAT);
    expect(run.place).toEqual(PLAYGROUND);
    expect(run.experiment.dataset).toEqual(runV1.job.dataset);
    expect(run.experiment.model).toEqual(runV1.job.model);
    expect(run.experiment.config).toEqual(runV1.job.config);
    expect(run.experiment.views).toEqual(['curves', 'boundary']);
    expect(run.epochs).toEqual(runV1.epochs);
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
