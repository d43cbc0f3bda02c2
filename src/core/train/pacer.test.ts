import { describe, expect, it } from 'vitest';
import { nextStartAt, Pacer } from './pacer';

const pace = { share: 0.1, minIntervalMs: 100 };

describe('nextStartAt', () => {
  it('keeps dear work to its share of the time', () => {
    // 30 ms of work at a 10% share: the next may start 300 ms after this one started.
    expect(nextStartAt(1000, 30, pace)).toBe(1300);
  });

  it('runs cheap work no more often than the minimum interval', () => {
    expect(nextStartAt(1000, 2, pace)).toBe(1100);
    expect(nextStartAt(1000, -5, pace)).toBe(1100);
  });
});

describe('Pacer', () => {
  it('is due at once, then only when the last run has been paid for', () => {
    const pacer = new Pacer(pace);
    expect(pacer.due(0)).toBe(true);
    pacer.ran(0, 50);
    expect(pacer.due(499)).toBe(false);
    expect(pacer.waitFrom(400)).toBe(100);
    expect(pacer.due(500)).toBe(true);
  });

  it('is never due while a run is being measured (the watcher is behind)', () => {
    const pacer = new Pacer(pace);
    pacer.begin();
    expect(pacer.due(1e9)).toBe(false);
    expect(pacer.waitFrom(0)).toBe(Infinity);
    pacer.ran(0, 5);
    expect(pacer.due(100)).toBe(true);
  });

  it('follows the cost as it changes', () => {
    const pacer = new Pacer(pace);
    pacer.ran(0, 200);
    expect(pacer.waitFrom(0)).toBe(2000);
    pacer.ran(2000, 1);
    expect(pacer.waitFrom(2000)).toBe(100);
  });

  it('forgets the last run on reset', () => {
    const pacer = new Pacer(pace);
    pacer.begin();
    pacer.reset();
    expect(pacer.due(0)).toBe(true);
  });
});
