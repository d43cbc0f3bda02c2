import { describe, expect, it } from 'vitest';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { storedTable } from '../../core/data/test-stored-dataset';
import type { ChangeLog } from '../../core/data/versions/lineage';
import {
  changeSummary,
  changeWords,
  currentOf,
  versionName,
  versionsOfLine,
} from './version-words';

const sha = (c: string) => c.repeat(64);
const source = { kind: 'capture', what: 'points' } as const;

function version(c: string, n: number, currentSince: string, lineId = sha('a')): StoredDataset {
  const record = storedTable(sha(c), 'blobs', source);
  return {
    ...record,
    lineage: {
      lineId,
      version: n,
      parent: n === 1 ? null : sha('a'),
      note: '',
      changes: n === 1 ? null : { added: [], removed: [], relabelled: [] },
    },
    currentSince,
  };
}

const log = (added: number, removed: number, relabelled: number): ChangeLog => ({
  added: Array.from({ length: added }, (_, i) => i),
  removed: Array.from({ length: removed }, (_, i) => i),
  relabelled: Array.from({ length: relabelled }, (_, i) => ({ index: i, from: 0, to: 1 })),
});

describe('changeSummary and changeWords', () => {
  it('count what was added, removed and relabelled, leaving out what did not happen', () => {
    expect(changeSummary(log(3, 1, 2))).toBe('+3 −1 ~2');
    expect(changeSummary(log(0, 0, 1))).toBe('~1');
    expect(changeSummary(log(0, 4, 0))).toBe('−4');
    expect(changeWords(log(3, 1, 2))).toBe('6 examples changed: 3 added, 1 removed, 2 relabelled');
    expect(changeWords(log(0, 0, 1))).toBe('1 example changed: 1 relabelled');
  });

  it('name a first version and an empty change as such', () => {
    expect(changeSummary(null)).toBe('first version');
    expect(changeWords(null)).toBe('the first version');
    expect(changeSummary(log(0, 0, 0))).toBe('no change');
  });
});

describe('currentOf', () => {
  it('is the version made current last, not the newest', () => {
    const v1 = version('a', 1, '2026-01-03T00:00:00.000Z');
    const v2 = version('b', 2, '2026-01-02T00:00:00.000Z');
    expect(currentOf([v2, v1])?.sha256).toBe(sha('a'));
  });

  it('takes the newer version when both became current at once, and null for none', () => {
    const v1 = version('a', 1, '2026-01-02T00:00:00.000Z');
    const v2 = version('b', 2, '2026-01-02T00:00:00.000Z');
    expect(currentOf([v2, v1])?.sha256).toBe(sha('b'));
    expect(currentOf([v1, v2])?.sha256).toBe(sha('b'));
    expect(currentOf([])).toBeNull();
  });
});

describe('versionsOfLine and versionName', () => {
  const v1 = version('a', 1, '2026-01-01T00:00:00.000Z');
  const v2 = version('b', 2, '2026-01-02T00:00:00.000Z');
  const v3 = version('c', 3, '2026-01-03T00:00:00.000Z');
  const other = version('d', 1, '2026-01-01T00:00:00.000Z', sha('d'));

  it('lists one line, newest version first', () => {
    expect(versionsOfLine([v2, other, v1, v3], sha('a')).map((r) => r.lineage.version)).toEqual([
      3, 2, 1,
    ]);
  });

  it('names the version only where it tells versions apart', () => {
    expect(versionName(v2, [v2])).toBe('blobs v2');
    expect(versionName(v1, [v1, v2])).toBe('blobs v1');
    expect(versionName(other, [v1, v2, other])).toBe('blobs');
  });
});
