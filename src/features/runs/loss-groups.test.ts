import { describe, expect, it } from 'vitest';
import { groupByLoss, lossNote, spikeNote } from './loss-groups';
import type { LossName } from '../../core/train/config';

const run = (name: string, loss: LossName) => ({ name, loss });

describe('loss groups', () => {
  it('puts runs of one loss together, losses in the order they first appear', () => {
    const groups = groupByLoss(
      [
        run('a', 'meanSquaredError'),
        run('b', 'categoricalCrossentropy'),
        run('c', 'meanSquaredError'),
        run('d', 'meanAbsoluteError'),
      ],
      (r) => r.loss,
    );
    expect(groups.map((g) => [g.loss, g.runs.map((r) => r.name)])).toEqual([
      ['meanSquaredError', ['a', 'c']],
      ['categoricalCrossentropy', ['b']],
      ['meanAbsoluteError', ['d']],
    ]);
    expect(lossNote(groups)).toBe(
      'These runs minimised different losses (MSE, cross-entropy, MAE), whose values are not on ' +
        'one scale: each loss has its own chart.',
    );
    expect(lossNote(groups.slice(0, 1))).toBeNull();
  });

  it('names what a clipped axis left off, a few by name and the rest by count', () => {
    const spike = (run: number, epoch: number, value: number) =>
      ({ run, kind: 'train', epoch, value }) as const;
    expect(spikeNote([spike(1, 2, 3e13)], ['steady', 'blew up'])).toBe(
      'Off the top of the chart (marked ▲), so the other curves keep their scale: ' +
        'blew up: train 3e13 at epoch 2.',
    );
    const many = [2, 3, 4, 5, 6].map((epoch) => spike(0, epoch, 10 ** epoch * 1e6));
    expect(spikeNote(many, ['x'])).toMatch(/x: train 1e8 at epoch 2; .* at epoch 4; and 2 more\.$/);
  });
});
