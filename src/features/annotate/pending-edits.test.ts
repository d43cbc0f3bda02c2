import { describe, expect, it } from 'vitest';
import { describeSummary, netChanges, summarize, toDatasetEdits } from './pending-edits';

describe('pending edits', () => {
  it('adds up steps: the last word on an example wins, keeping the class it had', () => {
    const net = netChanges([
      [{ index: 4, from: 7, to: 1 }],
      [{ index: 9, from: 2, to: null }],
      [{ index: 4, from: 1, to: 3 }],
    ]);
    expect([...net.values()]).toEqual([
      { index: 4, from: 7, to: 3 },
      { index: 9, from: 2, to: null },
    ]);
    expect(toDatasetEdits(net)).toEqual({ relabel: [{ index: 4, to: 3 }], remove: [9] });
  });

  it('drops a relabel back to the original class, and a removal taken back by a relabel', () => {
    const net = netChanges([
      [
        { index: 1, from: 0, to: 2 },
        { index: 5, from: 1, to: null },
      ],
      [{ index: 1, from: 2, to: 0 }],
      [{ index: 5, from: 1, to: 1 }],
    ]);
    expect(net.size).toBe(0);
    expect(toDatasetEdits(net)).toEqual({ relabel: [], remove: [] });
  });

  it('lists the edits in index order and summarises them for the bar', () => {
    const net = netChanges([
      [
        { index: 30, from: 0, to: null },
        { index: 2, from: 0, to: 1 },
      ],
      [{ index: 11, from: 1, to: 0 }],
    ]);
    expect(toDatasetEdits(net)).toEqual({
      relabel: [
        { index: 2, to: 1 },
        { index: 11, to: 0 },
      ],
      remove: [30],
    });
    expect(summarize(net)).toEqual({ relabel: 2, remove: 1 });
    expect(describeSummary(summarize(net))).toBe('3 changes: relabel 2, remove 1');
    expect(describeSummary({ relabel: 1, remove: 0 })).toBe('1 change: relabel 1');
  });
});
