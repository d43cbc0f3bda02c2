import { describe, expect, it } from 'vitest';
import { defaultExperiment } from './experiment';
import { validateExperiment } from './validate';

describe('validateExperiment', () => {
  it('reads an experiment back as it was written', () => {
    const experiment = { ...defaultExperiment(), locks: ['model'] };
    expect(validateExperiment(structuredClone(experiment))).toEqual({
      ok: true,
      value: experiment,
    });
  });

  it('fills in what older configs and refs left out, as the bundle reader does', () => {
    const experiment = defaultExperiment();
    const config: Record<string, unknown> = { ...experiment.config };
    delete config.schedule;
    delete config.l1;
    const read = validateExperiment({ ...experiment, config });
    expect(read.ok && read.value.config.schedule).toEqual({ kind: 'constant' });
    expect(read.ok && read.value.config.l1).toBe(0);
  });

  it('keeps fields a newer Gradlab wrote, at every depth', () => {
    const experiment = defaultExperiment();
    const read = validateExperiment({
      ...experiment,
      colour: 'teal',
      config: { ...experiment.config, warmup: 3 },
    });
    expect(read.ok && read.value).toMatchObject({ colour: 'teal', config: { warmup: 3 } });
  });

  it('names the field at fault', () => {
    const experiment = defaultExperiment();
    const cases: [unknown, RegExp][] = [
      [null, /experiment must be an object/],
      [{ ...experiment, dataset: { kind: 'teleport' } }, /experiment\.dataset is not a dataset/],
      [{ ...experiment, model: { layers: [] } }, /experiment\.model is not a valid model/],
      [
        { ...experiment, config: { ...experiment.config, batchSize: 0 } },
        /experiment\.config\.batchSize/,
      ],
      [{ ...experiment, views: 'curves' }, /experiment\.views must be a list/],
      [{ ...experiment, locks: [''] }, /experiment\.locks\[0\] must be text/],
      [
        { ...experiment, config: { ...experiment.config, learningRate: NaN } },
        /^The experiment is not valid: experiment\.config\.learningRate is not a finite number/,
      ],
    ];
    for (const [input, message] of cases) {
      const read = validateExperiment(input);
      expect(!read.ok && read.error.message).toMatch(message);
      expect(!read.ok && read.error.code).toBe('invalid-experiment');
    }
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const input of [undefined, 1, 'x', [], cyclic, { __proto__: { model: 1 } }]) {
      expect(validateExperiment(input).ok).toBe(false);
    }
  });
});
