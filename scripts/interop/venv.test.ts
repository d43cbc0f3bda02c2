import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isUpToDate, pythonVersion, venvStamp } from './venv';

describe('the cached Keras environment', () => {
  test('its stamp changes with the requirements and with the interpreter', () => {
    const stamp = venvStamp('keras==3.15.1\n', '3.11.7');
    expect(venvStamp('keras==3.15.1\n', '3.11.7')).toBe(stamp);
    expect(venvStamp('keras==3.15.2\n', '3.11.7')).not.toBe(stamp);
    expect(venvStamp('keras==3.15.1\n', '3.12.3')).not.toBe(stamp);
  });

  test('is reused only with a matching stamp and an interpreter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keras-venv-'));
    const stamp = venvStamp('keras==3.15.1\n', '3.11.7');
    expect(isUpToDate(dir, stamp)).toBe(false);
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin/python'), '');
    expect(isUpToDate(dir, stamp)).toBe(false);
    writeFileSync(join(dir, 'gradlab-stamp'), `${stamp}\n`);
    expect(isUpToDate(dir, stamp)).toBe(true);
    expect(isUpToDate(dir, venvStamp('keras==3.15.2\n', '3.11.7'))).toBe(false);
  });
});

describe('pythonVersion', () => {
  test('is null when the interpreter is not there, which makes the check say it is skipped', () => {
    expect(pythonVersion('no-such-python-for-the-keras-check')).toBeNull();
  });
});
