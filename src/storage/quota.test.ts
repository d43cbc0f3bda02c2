import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageFullError, StorageUnavailableError } from '../core/errors';
import { estimateStorage, isStoragePersisted, requestPersistentStorage } from './persistence';
import { isQuotaExceeded, toStorageError } from './quota';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const abort = (message = 'The transaction was aborted.') => new DOMException(message, 'AbortError');

describe('isQuotaExceeded', () => {
  it('recognises the quota error itself, as a DOMException or a plain Error', () => {
    expect(isQuotaExceeded(quota())).toBe(true);
    expect(isQuotaExceeded(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))).toBe(
      true,
    );
    expect(
      isQuotaExceeded(Object.assign(new Error('full'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' })),
    ).toBe(true);
  });

  it('recognises a quota error wrapped in an AbortError', () => {
    expect(isQuotaExceeded(Object.assign(abort(), { error: quota() }))).toBe(true);
    expect(isQuotaExceeded(Object.assign(abort(), { cause: quota() }))).toBe(true);
    expect(isQuotaExceeded(Object.assign(abort(), { transaction: { error: quota() } }))).toBe(true);
    expect(isQuotaExceeded(abort('Transaction aborted: quota exceeded'))).toBe(true);
  });

  it('recognises the error event of a request whose transaction hit the quota', () => {
    const event = { type: 'error', target: { error: abort(), transaction: { error: quota() } } };
    expect(isQuotaExceeded(event)).toBe(true);
  });

  it('does not take other failures for a full disk', () => {
    expect(isQuotaExceeded(abort())).toBe(false);
    expect(isQuotaExceeded(new DOMException('closed', 'InvalidStateError'))).toBe(false);
    expect(isQuotaExceeded(Object.assign(abort(), { error: abort() }))).toBe(false);
    expect(isQuotaExceeded(new Error('quota'))).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
  });

  it('ends on errors that wrap themselves', () => {
    const loop: Record<string, unknown> = { name: 'AbortError' };
    loop.cause = { error: loop };
    expect(isQuotaExceeded(loop)).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything(), (value) => typeof isQuotaExceeded(value) === 'boolean'));
    const hostile = Object.defineProperty({}, 'name', {
      get() {
        throw new Error('no');
      },
    });
    expect(isQuotaExceeded(hostile)).toBe(false);
  });
});

describe('toStorageError', () => {
  it('turns a quota failure into a StorageFullError that says how to free space', () => {
    const error = toStorageError(
      Object.assign(abort(), { error: quota() }),
      'save the dataset "x"',
    );
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.message).toContain('save the dataset "x"');
    expect(error.message).toMatch(/deleting datasets .* storage panel/);
    expect(error.message).toMatch(/persistent storage/);
  });

  it('turns any other failure into a StorageUnavailableError quoting the browser', () => {
    const error = toStorageError(new DOMException('gone', 'UnknownError'), 'save a setting');
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error.message).toContain('save a setting');
    expect(error.message).toContain('UnknownError: gone');
  });
});

describe('navigator.storage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports usage, persistence and the answer to a persist request', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 5, quota: 100 }),
        persist: async () => true,
        persisted: async () => false,
      },
    });
    expect(await estimateStorage()).toEqual({ usage: 5, quota: 100 });
    expect(await requestPersistentStorage()).toBe(true);
    expect(await isStoragePersisted()).toBe(false);
  });

  it('answers null where there is no storage manager, as in a worker without persist()', async () => {
    vi.stubGlobal('navigator', {});
    expect(await estimateStorage()).toBeNull();
    expect(await isStoragePersisted()).toBeNull();
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1, quota: 2 }) } });
    expect(await requestPersistentStorage()).toBeNull();
    vi.stubGlobal('navigator', undefined);
    expect(await estimateStorage()).toBeNull();
  });

  it('answers null when the browser refuses or reports nothing', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({}),
        persist: () => Promise.reject(new DOMException('no', 'SecurityError')),
        persisted: () => Promise.reject(new DOMException('no', 'SecurityError')),
      },
    });
    expect(await estimateStorage()).toBeNull();
    expect(await requestPersistentStorage()).toBeNull();
    expect(await isStoragePersisted()).toBeNull();
  });
});
