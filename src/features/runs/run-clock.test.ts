import { describe, expect, it } from 'vitest';
import { runningMs, startClock, tick } from './run-clock';

describe('run clock', () => {
  it('counts running time and leaves pauses out', () => {
    let clock = startClock('running', 1000);
    clock = tick(clock, 'paused', 3000);
    clock = tick(clock, 'running', 10_000);
    clock = tick(clock, 'running', 11_000);
    expect(runningMs(clock, 12_000)).toBe(4000);
    clock = tick(clock, 'done', 12_500);
    expect(runningMs(clock, 99_000)).toBe(4500);
    expect(clock.startedAt).toBe(1000);
  });

  it('starts stopped for a run that begins paused (Step)', () => {
    const clock = startClock('paused', 500);
    expect(runningMs(clock, 5000)).toBe(0);
    expect(runningMs(tick(clock, 'running', 1000), 1500)).toBe(500);
  });
});
