import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UNITS, MAX_WINDOW } from '../../core/model/validate';
import { fieldText, parseFieldText } from './field-text';
import { LAYER_FIELDS, type FieldSpec } from '../../core/model/layer-catalog';

type TextField = Extract<FieldSpec, { kind: 'whole' | 'size2' | 'fraction' | 'shape' }>;
const fieldOf = (type: keyof typeof LAYER_FIELDS, key: string) =>
  LAYER_FIELDS[type].find((f) => f.key === key) as TextField;

const units = fieldOf('dense', 'units');
const kernel = fieldOf('conv2d', 'kernelSize');
const strides = fieldOf('conv2d', 'strides');
const rate = fieldOf('dropout', 'rate');
const epsilon = fieldOf('batchNormalization', 'epsilon');
const target = fieldOf('reshape', 'targetShape');

const problem = (field: TextField, text: string) => {
  const parsed = parseFieldText(field, text);
  return parsed.ok ? null : parsed.error;
};

describe('layer field text', () => {
  it('refuses non-numeric, NaN, negative, zero, fractional and huge units with a message', () => {
    expect(problem(units, 'abc')).toBe('Enter a number.');
    expect(problem(units, 'NaN')).toBe('Enter a number.');
    expect(problem(units, '')).toBe('Enter a number.');
    expect(problem(units, '1e999')).toBe('Enter a number.');
    expect(problem(units, '0x10')).toBe('Enter a number.');
    expect(problem(units, '-3')).toBe(`Enter a value from 1 to ${MAX_UNITS}.`);
    expect(problem(units, '0')).toBe(`Enter a value from 1 to ${MAX_UNITS}.`);
    expect(problem(units, String(2 ** 31))).toBe(`Enter a value from 1 to ${MAX_UNITS}.`);
    expect(problem(units, '2.5')).toBe('Enter a whole number.');
    expect(parseFieldText(units, ' 128 ')).toEqual({ ok: true, value: 128 });
  });

  it('reads windows as one size or height x width', () => {
    expect(parseFieldText(kernel, '3')).toEqual({ ok: true, value: 3 });
    expect(parseFieldText(kernel, '3x5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseFieldText(kernel, '3, 5')).toEqual({ ok: true, value: [3, 5] });
    expect(problem(kernel, '0')).toMatch(/from 1 to 64/);
    expect(problem(kernel, String(MAX_WINDOW + 1))).toMatch(/from 1 to 64/);
    expect(problem(kernel, '3x5x7')).not.toBeNull();
    expect(problem(kernel, '')).toBe('Enter a number.');
    expect(fieldText(kernel, [3, 5])).toBe('3x5');
  });

  it('leaves an empty optional field to its default', () => {
    expect(parseFieldText(strides, '')).toEqual({ ok: true, value: undefined });
    expect(parseFieldText(epsilon, ' ')).toEqual({ ok: true, value: undefined });
  });

  it('keeps rates and epsilons inside their ranges', () => {
    expect(parseFieldText(rate, '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseFieldText(rate, '0')).toEqual({ ok: true, value: 0 });
    expect(problem(rate, '1')).toMatch(/not including/);
    expect(problem(rate, '-0.1')).toMatch(/not including/);
    expect(problem(epsilon, '0')).toMatch(/above 0/);
    expect(parseFieldText(epsilon, '1')).toEqual({ ok: true, value: 1 });
  });

  it('reads target shapes as comma-separated lists of up to three axes', () => {
    expect(parseFieldText(target, '7, 7, 16')).toEqual({ ok: true, value: [7, 7, 16] });
    expect(problem(target, '1, 2, 3, 4')).not.toBeNull();
    expect(problem(target, '7, 0')).not.toBeNull();
    expect(fieldText(target, [7, 7, 16])).toBe('7, 7, 16');
  });

  it('answers every string without throwing, and what it accepts reads back the same', () => {
    const fields = [units, kernel, strides, rate, epsilon, target];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string(), (field, text) => {
        const parsed = parseFieldText(field, text);
        if (parsed.ok && parsed.value !== undefined) {
          expect(parseFieldText(field, fieldText(field, parsed.value))).toEqual(parsed);
        }
      }),
    );
  });
});
