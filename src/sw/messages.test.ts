import { describe, expect, it } from 'vitest';
import { isSwRequest } from './messages';

describe('isSwRequest', () => {
  it('accepts the two requests and nothing else', () => {
    expect(isSwRequest({ type: 'SKIP_WAITING' })).toBe(true);
    expect(isSwRequest({ type: 'GET_VERSION' })).toBe(true);
    for (const other of [null, undefined, 'SKIP_WAITING', {}, { type: 'skip_waiting' }, []]) {
      expect(isSwRequest(other)).toBe(false);
    }
  });
});
