import { describe, expect, test } from 'vitest';
import { brokenBackendError, isBrokenBackend } from './broken-backend';

describe('isBrokenBackend', () => {
  test.each([
    ['RuntimeError', 'memory access out of bounds'],
    ['RuntimeError', 'null function or function signature mismatch'],
    ['RuntimeError', 'Aborted(). Build with -sASSERTIONS for more info.'],
    ['Error', 'indirect call to null'],
    ['Error', 'Out of bounds memory access (evaluating ...)'],
    ['Error', 'unreachable executed'],
  ])('%s: %s means the backend broke', (name, message) => {
    expect(isBrokenBackend({ name, message })).toBe(true);
  });

  test.each([
    ['InvalidSpecError', 'Layer 2 (dense): its input must be flat'],
    ['NonFiniteLossError', 'The loss became NaN at epoch 3'],
    ['RangeError', 'Array buffer allocation failed'],
  ])('%s: %s does not', (name, message) => {
    expect(isBrokenBackend({ name, message })).toBe(false);
  });

  test('the error says what happened and what to do', () => {
    const error = brokenBackendError({ message: 'memory access out of bounds' });
    expect(error.code).toBe('backend-broken');
    expect(error.message).toMatch(/\(memory access out of bounds\).*lower the batch size/);
  });
});
