import { describe, expect, it } from 'vitest';
import { InvalidSweepError } from '../errors';
import { defaultExperiment, type Experiment } from '../experiment/experiment';
import { toggleLock } from '../experiment/locks';
import type { SweepTarget, SweepValue } from './sweep';
import {
  appliedValue,
  applyValue,
  layerAt,
  lockOf,
  sweepTargets,
  targetFromKey,
  targetKey,
  targetLabel,
  targetShortLabel,
} from './targets';
import { richExperiment } from './test-sweeps';

const applied = (experiment: Experiment, target: SweepTarget, value: SweepValue): Experiment => {
  const result = applyValue(experiment, target, value);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const refused = (experiment: Experiment, target: SweepTarget, value: SweepValue) => {
  const result = applyValue(experiment, target, value);
  if (result.ok) throw new Error(`${targetKey(target)} took ${String(value)}`);
  expect(result.error).toBeInstanceOf(InvalidSweepError);
  expect(result.error.field).toBe(targetKey(target));
  return result.error.message;
};

describe('sweepTargets', () => {
  it('offers the settings, every hidden layer (inside blocks too) and the generated data', () => {
    const targets = sweepTargets(richExperiment());
    expect(targets.map(({ target }) => targetKey(target))).toEqual([
      'config.learningRate',
      'config.batchSize',
      'config.epochs',
      'config.optimizer',
      'config.l1',
      'config.l2',
      'config.clipNorm',
      'config.weightDecay',
      'config.validationSplit',
      'layer.0.units',
      'layer.0.activation',
      'layer.1.0.units',
      'layer.1.0.activation',
      'layer.1.1.rate',
      'layer.2.activation',
      'dataset.noise',
      'dataset.size',
      'seed',
    ]);
    const byKey = new Map(targets.map((t) => [targetKey(t.target), t]));
    expect(byKey.get('config.learningRate')).toMatchObject({
      label: 'learning rate',
      current: 0.03,
    });
    expect(byKey.get('layer.1.0.units')).toMatchObject({
      label: 'layer 2.1 (dense) units',
      current: 16,
    });
    expect(byKey.get('layer.1.1.rate')).toMatchObject({
      label: 'layer 2.2 (dropout) rate',
      current: 0.1,
    });
    expect(byKey.get('dataset.noise')).toMatchObject({ label: 'noise', current: 0.05 });
    expect(byKey.get('seed')).toMatchObject({ label: 'seed', current: 1 });
  });

  it('leaves out the output layer, which follows the dataset', () => {
    const experiment = defaultExperiment();
    const last = experiment.model.layers.length - 1;
    const keys = sweepTargets(experiment).map(({ target }) => targetKey(target));
    expect(keys.some((key) => key.startsWith(`layer.${last}.`))).toBe(false);
    expect(keys).toContain(`layer.${last - 1}.units`);
  });

  it('offers no dataset parameters for data that is not generated, and only size for a sequence task', () => {
    const local: Experiment = {
      ...defaultExperiment(),
      dataset: { kind: 'local', sha256: 'a'.repeat(64), name: 'mine' },
    };
    expect(sweepTargets(local).some(({ target }) => target.kind === 'dataset')).toBe(false);
    const sequence: Experiment = {
      ...defaultExperiment(),
      dataset: {
        kind: 'sequence',
        task: 'copy',
        params: { size: 500, length: 5, vocab: 6 },
        seed: 1,
      },
    };
    const dataKeys = sweepTargets(sequence)
      .filter(({ target }) => target.kind === 'dataset')
      .map(({ target }) => targetKey(target));
    expect(dataKeys).toEqual(['dataset.size']);
  });

  it("calls a convolution's units its filters", () => {
    const experiment: Experiment = {
      ...defaultExperiment(),
      model: {
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
          { type: 'flatten' },
          { type: 'dense', units: 10, activation: 'softmax' },
        ],
      },
    };
    const [conv] = sweepTargets(experiment).filter(({ target }) => target.kind === 'layer');
    expect(conv).toMatchObject({ label: 'layer 1 (conv2d) filters', current: 8 });
    const changed = applied(experiment, { kind: 'layer', path: [0], setting: 'units' }, 32);
    expect(changed.model.layers[0]).toMatchObject({ type: 'conv2d', filters: 32 });
  });
});

describe('targetKey and targetFromKey', () => {
  it('read each other back for every target, and refuse keys never made', () => {
    for (const { target } of sweepTargets(richExperiment())) {
      expect(targetFromKey(targetKey(target))).toEqual(target);
    }
    for (const key of [
      '',
      'config',
      'config.loss',
      'layer.units',
      'layer.x.units',
      'layer.0.kernel',
      'dataset.classes',
      'layer.01.units',
    ]) {
      expect(targetFromKey(key)).toBeNull();
    }
  });
});

describe('labels and locks', () => {
  it('names fields short for run names', () => {
    expect(targetShortLabel({ kind: 'config', field: 'learningRate' })).toBe('lr');
    expect(targetShortLabel({ kind: 'layer', path: [0], setting: 'units' })).toBe('units 1');
    expect(targetShortLabel({ kind: 'layer', path: [1, 1], setting: 'rate' })).toBe('dropout 2.2');
    expect(targetShortLabel({ kind: 'dataset', param: 'noise' })).toBe('noise');
    expect(targetShortLabel({ kind: 'seed' })).toBe('seed');
  });

  it('labels a layer that is not there without its type', () => {
    const target: SweepTarget = { kind: 'layer', path: [7], setting: 'units' };
    expect(targetLabel(target, defaultExperiment())).toBe('layer 8 units');
    expect(layerAt(defaultExperiment().model.layers, [0, 1])).toBeNull();
  });

  it('maps each target to the lock that keeps a student from changing it', () => {
    expect(lockOf({ kind: 'config', field: 'batchSize' })).toBe('config.batchSize');
    expect(lockOf({ kind: 'layer', path: [1, 0], setting: 'activation' })).toBe('model');
    expect(lockOf({ kind: 'dataset', param: 'size' })).toBe('dataset');
    expect(lockOf({ kind: 'seed' })).toBe('config.seed');
  });
});

describe('applyValue', () => {
  const base = richExperiment();

  it('sets one setting and nothing else', () => {
    const changed = applied(base, { kind: 'config', field: 'learningRate' }, 0.001);
    expect(changed.config).toEqual({ ...base.config, learningRate: 0.001 });
    expect(changed.model).toEqual(base.model);
    expect(changed.dataset).toEqual(base.dataset);
    expect(applied(base, { kind: 'config', field: 'optimizer' }, 'sgd').config.optimizer).toBe(
      'sgd',
    );
  });

  it('sets a layer inside a residual block', () => {
    const changed = applied(base, { kind: 'layer', path: [1, 0], setting: 'activation' }, 'elu');
    expect(changed.model.layers[1]).toEqual({
      type: 'residual',
      layers: [
        { type: 'dense', units: 16, activation: 'elu' },
        { type: 'dropout', rate: 0.1 },
      ],
    });
    const rate = applied(base, { kind: 'layer', path: [1, 1], setting: 'rate' }, 0.5);
    expect(layerAt(rate.model.layers, [1, 1])).toEqual({ type: 'dropout', rate: 0.5 });
  });

  it('rounds a range point where the field counts things', () => {
    const units: SweepTarget = { kind: 'layer', path: [0], setting: 'units' };
    expect(appliedValue(units, 12.6)).toBe(13);
    expect(appliedValue({ kind: 'config', field: 'learningRate' }, 12.6)).toBe(12.6);
    expect(applied(base, units, 12.6).model.layers[0]).toMatchObject({ units: 13 });
    expect(applied(base, { kind: 'config', field: 'batchSize' }, 45.5).config.batchSize).toBe(46);
    const size = applied(base, { kind: 'dataset', param: 'size' }, 300.2);
    expect(size.dataset).toMatchObject({ params: { size: 300, noise: 0.05 } });
  });

  it('sets the noise of generated data', () => {
    expect(applied(base, { kind: 'dataset', param: 'noise' }, 0.3).dataset).toMatchObject({
      kind: 'builtin',
      params: { noise: 0.3, size: 400 },
    });
  });

  it("moves a generated dataset's seed with the training seed, unless the dataset is locked", () => {
    const seeded = applied(base, { kind: 'seed' }, 7);
    expect(seeded.config.seed).toBe(7);
    expect(seeded.dataset).toMatchObject({ seed: 7 });
    const locked = toggleLock(base, 'dataset');
    const seededLocked = applied(locked, { kind: 'seed' }, 7);
    expect(seededLocked.config.seed).toBe(7);
    expect(seededLocked.dataset).toEqual(base.dataset);
  });

  it('refuses values the experiment cannot take, naming the field and the rule', () => {
    expect(refused(base, { kind: 'config', field: 'learningRate' }, 20)).toBe(
      'Learning rate cannot be 20: Learning rate must be a number from 0.000001 to 10.',
    );
    expect(refused(base, { kind: 'config', field: 'learningRate' }, 'fast')).toMatch(
      /^Learning rate cannot be fast/,
    );
    expect(refused(base, { kind: 'config', field: 'optimizer' }, 'lion')).toMatch(
      /^Optimizer cannot be lion: Optimizer must be one of sgd/,
    );
    expect(refused(base, { kind: 'layer', path: [0], setting: 'units' }, 0)).toMatch(
      /^Layer 1 \(dense\) units cannot be 0: .*units must be a whole number from 1/,
    );
    expect(refused(base, { kind: 'layer', path: [1, 1], setting: 'rate' }, 1)).toMatch(
      /^Layer 2\.2 \(dropout\) rate cannot be 1/,
    );
    expect(refused(base, { kind: 'layer', path: [0], setting: 'activation' }, 'swish')).toMatch(
      /activation cannot be swish/,
    );
    expect(refused(base, { kind: 'dataset', param: 'noise' }, 9)).toMatch(
      /^Noise cannot be 9: Noise must be a number from 0 to/,
    );
    expect(refused(base, { kind: 'seed' }, -1)).toMatch(/^Seed cannot be -1/);
  });

  it('refuses a layer or a parameter the experiment does not have', () => {
    const last = base.model.layers.length - 1;
    expect(refused(base, { kind: 'layer', path: [last], setting: 'units' }, 4)).toMatch(
      /no such layer setting/,
    );
    expect(refused(base, { kind: 'layer', path: [2], setting: 'units' }, 4)).toMatch(
      /no such layer setting/,
    );
    const local: Experiment = {
      ...base,
      dataset: { kind: 'local', sha256: 'a'.repeat(64), name: 'mine' },
    };
    expect(refused(local, { kind: 'dataset', param: 'noise' }, 0.1)).toMatch(
      /only a generated dataset/,
    );
  });
});
