import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, LOSSES, OPTIMIZERS, lossFor, validateConfig } from './config';

const step = { kind: 'step', everyEpochs: 10, factor: 0.5 } as const;
const cosine = { kind: 'cosine', minLearningRate: 0.001 } as const;

function refusal(input: unknown) {
  const result = validateConfig(input);
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error;
}

describe('validateConfig', () => {
  test('accepts the defaults', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  test.each(OPTIMIZERS)('accepts the %s optimizer', (o) => {
    expect(validateConfig({ ...DEFAULT_CONFIG, optimizer: o }).ok).toBe(true);
  });

  test.each(LOSSES)('accepts the %s loss', (loss) => {
    expect(validateConfig({ ...DEFAULT_CONFIG, loss }).ok).toBe(true);
  });

  test.each([step, cosine, { kind: 'cosine', minLearningRate: 0 }])(
    'accepts the schedule %o and keeps it',
    (schedule) => {
      const result = validateConfig({ ...DEFAULT_CONFIG, schedule });
      expect(result.ok && result.value.schedule).toEqual(schedule);
    },
  );

  test('a config saved before schedules, penalties, clipping and decay means constant and 0', () => {
    const { schedule, l1, l2, clipNorm, weightDecay, ...old } = DEFAULT_CONFIG;
    expect([schedule, l1, l2, clipNorm, weightDecay]).toEqual([{ kind: 'constant' }, 0, 0, 0, 0]);
    expect(validateConfig({ ...old, learningRate: 0.1 })).toEqual({
      ok: true,
      value: { ...DEFAULT_CONFIG, learningRate: 0.1 },
    });
  });

  test('drops fields a schedule kind does not have', () => {
    const result = validateConfig({ ...DEFAULT_CONFIG, schedule: { ...step, minLearningRate: 1 } });
    expect(result.ok && result.value.schedule).toEqual(step);
  });

  test.each([
    ['learningRate', NaN],
    ['learningRate', Number('1e309')],
    ['learningRate', -0.1],
    ['learningRate', 0],
    ['learningRate', '0.1'],
    ['batchSize', 0],
    ['batchSize', -32],
    ['batchSize', 1.5],
    ['batchSize', 2 ** 31],
    ['batchSize', null],
    ['epochs', 1e9],
    ['epochs', 0],
    ['epochs', -1],
    ['epochs', '10'],
    ['epochs', Infinity],
    ['validationSplit', 0.95],
    ['validationSplit', -0.1],
    ['validationSplit', NaN],
    ['seed', -1],
    ['seed', 2 ** 32],
    ['seed', 0.5],
    ['optimizer', 'lbfgs'],
    ['optimizer', undefined],
    ['loss', 'hinge'],
    ['l1', -0.01],
    ['l1', NaN],
    ['l1', 1e9],
    ['l1', '0.01'],
    ['l1', null],
    ['l2', -0.01],
    ['l2', Infinity],
    ['l2', Number('1e309')],
    ['l2', 2],
    ['l2', '0'],
    ['schedule', 'step'],
    ['schedule', null],
    ['schedule', { kind: 'exponential' }],
    ['schedule', {}],
    ['clipNorm', -1],
    ['clipNorm', 1001],
    ['clipNorm', NaN],
    ['clipNorm', '1'],
    ['clipNorm', null],
    ['weightDecay', -0.01],
    ['weightDecay', 2],
    ['weightDecay', Infinity],
    ['weightDecay', '0.01'],
    ['weightDecay', null],
  ])('refuses %s = %s, naming the field', (field, value) => {
    const error = refusal({ ...DEFAULT_CONFIG, [field]: value });
    expect(error?.code).toBe('invalid-config');
    expect(error?.field).toBe(field);
  });

  test.each([
    ['everyEpochs', 0],
    ['everyEpochs', -2],
    ['everyEpochs', 1.5],
    ['everyEpochs', 1e9],
    ['everyEpochs', NaN],
    ['everyEpochs', '5'],
    ['everyEpochs', undefined],
    ['factor', 0],
    ['factor', -0.5],
    ['factor', 1.01],
    ['factor', 2],
    ['factor', NaN],
    ['factor', Infinity],
    ['factor', '0.5'],
  ])('refuses a step schedule with %s = %s, naming the field', (field, value) => {
    const error = refusal({ ...DEFAULT_CONFIG, schedule: { ...step, [field]: value } });
    expect(error?.field).toBe(`schedule.${field}`);
  });

  test.each([-0.001, NaN, Infinity, 0.5, '0', undefined])(
    'refuses a cosine schedule whose minimum is %s (the learning rate is 0.03)',
    (minLearningRate) => {
      const error = refusal({ ...DEFAULT_CONFIG, schedule: { kind: 'cosine', minLearningRate } });
      expect(error?.field).toBe('schedule.minLearningRate');
      expect(error?.message).toMatch(/minimum learning rate/);
    },
  );

  test('messages name the setting in words', () => {
    expect(refusal({ ...DEFAULT_CONFIG, l2: -1 })?.message).toMatch(/^L2 must be/);
    expect(refusal({ ...DEFAULT_CONFIG, schedule: { ...step, factor: 0 } })?.message).toMatch(
      /factor must be a number from 0.001 to 1/,
    );
  });

  test.each([
    [{ clipNorm: 1, weightDecay: 0.01, optimizer: 'adamw' }],
    [{ clipNorm: 0, weightDecay: 1 }],
    [{ clipNorm: 1000, weightDecay: 0 }],
    [{ clipNorm: 0.5 }],
  ])('keeps clipping and weight decay in range: %o', (fields) => {
    expect(validateConfig({ ...DEFAULT_CONFIG, ...fields })).toEqual({
      ok: true,
      value: { ...DEFAULT_CONFIG, ...fields },
    });
  });

  test('clipping and weight decay messages say what the fields are', () => {
    expect(refusal({ ...DEFAULT_CONFIG, clipNorm: -1 })?.message).toMatch(
      /^Gradient clipping must be a norm from 0 \(off\) to 1000/,
    );
    expect(refusal({ ...DEFAULT_CONFIG, weightDecay: 2 })?.message).toMatch(
      /^Weight decay must be a number from 0 to 1/,
    );
  });

  test('refuses a missing config', () => {
    expect(validateConfig(null).ok).toBe(false);
    expect(validateConfig('adam').ok).toBe(false);
  });
});

describe('lossFor', () => {
  test('classification always uses cross-entropy', () => {
    expect(lossFor('classification', 'huber')).toBe('categoricalCrossentropy');
    expect(lossFor('classification', 'categoricalCrossentropy')).toBe('categoricalCrossentropy');
  });

  test('regression keeps a regression loss and replaces cross-entropy with squared error', () => {
    expect(lossFor('regression', 'huber')).toBe('huber');
    expect(lossFor('regression', 'meanAbsoluteError')).toBe('meanAbsoluteError');
    expect(lossFor('regression', 'categoricalCrossentropy')).toBe('meanSquaredError');
  });

  test('a sequence always uses the masked next-token loss', () => {
    expect(lossFor('sequence', 'categoricalCrossentropy')).toBe('sparseCategoricalCrossentropy');
    expect(lossFor('sequence', 'huber')).toBe('sparseCategoricalCrossentropy');
    expect(lossFor('classification', 'sparseCategoricalCrossentropy')).toBe(
      'categoricalCrossentropy',
    );
  });
});
