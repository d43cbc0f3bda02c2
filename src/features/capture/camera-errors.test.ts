import { describe, expect, it } from 'vitest';
import { cameraError } from './camera-errors';

const rejection = (name: string, message = 'from the browser') => new DOMException(message, name);

describe('cameraError', () => {
  it('tells a refusal, a missing camera and a busy one apart, with what to do', () => {
    const refused = cameraError(rejection('NotAllowedError'));
    expect(refused.problem).toBe('refused');
    expect(refused.message).toMatch(/not allowed.*Allow it/);
    expect(cameraError(rejection('SecurityError')).problem).toBe('refused');
    const missing = cameraError(rejection('NotFoundError'));
    expect(missing.problem).toBe('missing');
    expect(missing.message).toMatch(/No camera was found/);
    expect(cameraError(rejection('OverconstrainedError')).problem).toBe('missing');
    expect(cameraError(rejection('NotReadableError')).message).toMatch(/in use/);
  });

  it('says a browser without getUserMedia cannot open one here', () => {
    expect(cameraError(null)).toMatchObject({ problem: 'unsupported' });
  });

  it("passes on the browser's words for anything else", () => {
    const other = cameraError(new TypeError('bad constraints'));
    expect(other).toEqual({
      problem: 'other',
      message: 'The camera could not be opened: bad constraints',
    });
  });
});
