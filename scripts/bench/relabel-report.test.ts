import { describe, expect, it } from 'vitest';
import { relabelTable, type RelabelReport, type RelabelRound } from './relabel-report';

const round = (ms: number, addedBytes: number): RelabelRound => ({
  version: 2,
  index: 997,
  from: 3,
  to: 4,
  ms,
  storeMs: ms / 2,
  addedBytes,
});

const report = (rounds: RelabelRound[]): RelabelReport => ({
  name: 'MNIST-10k',
  examples: 10_000,
  setBytes: 1_000_000,
  rounds,
  error: null,
});

describe('the relabel table', () => {
  it('marks each round against both targets and says whether the set met them', () => {
    const table = relabelTable(report([round(250, 9_000), round(120, 20_000), round(90, 16_000)]));
    expect(table.rows.every((row) => row.length === table.header.length)).toBe(true);
    expect(table.rows).toEqual([
      ['v2', '#997: 3 → 4', '250.0', '125.0', 'over', '9,000 B', '0.90 %', 'ok'],
      ['v2', '#997: 3 → 4', '120.0', '60.0', 'ok', '20,000 B', '2.00 %', 'over'],
      ['v2', '#997: 3 → 4', '90.0', '45.0', 'ok', '16,000 B', '1.60 %', 'over'],
    ]);
    // The median round is in time, but one round added more than 1 % of the set.
    expect(table.notes[1]).toMatch(/NOT met \(median 120\.0 ms, most added 2\.00 %\)/);
  });

  it('passes when the median round is in time and every round adds under 1 %', () => {
    const table = relabelTable(report([round(400, 1_600), round(150, 1_600), round(90, 5_000)]));
    expect(table.notes[1]).toMatch(/: met \(median 150\.0 ms, most added 0\.50 %\)/);
  });

  it('shows a failed bench as its error', () => {
    const table = relabelTable({ ...report([]), error: 'no worker' });
    expect(table.rows).toEqual([['FAILED: no worker']]);
  });
});
