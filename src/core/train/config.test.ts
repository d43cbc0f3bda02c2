import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from './config';

describe('validateConfig', () => {
  test('accepts the defaults', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  test.each([
    ['learningRate', NaN],
    ['learningRate', Number('1e309')],
    ['learningRate', -0.1],
    ['batchSize', 0],
    ['batchSize', 1.5],
    ['epochs', 1e9],
    ['epochs', '10'],
    ['validationSplit', 0.95],
    ['seed', -1],
    ['optimizer', 'lbfgs'],
    ['loss', 'hinge'],
  ])('refuses %s = %s, naming the field', (field, value) => {
    const result = validateConfig({ ...DEFAULT_CONFIG, [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-config');
      expect(result.error.field).toBe(field);
    }
  });

  test('refuses a missing config', () => {
    expect(validateConfig(null).ok).toBe(false);
  });
});
