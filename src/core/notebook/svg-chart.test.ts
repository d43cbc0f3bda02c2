import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../runs/epoch';
import { hasAccuracy, metricChartSvg, RUN_COLOURS, type ChartRun } from './svg-chart';

function epochs(losses: number[], withValidation = true, accuracy = false): EpochRecord[] {
  return losses.map((loss, index) => ({
    epoch: index + 1,
    trainLoss: loss,
    trainAccuracy: accuracy ? 0.5 + index / (2 * losses.length) : null,
    validationLoss: withValidation ? loss * 1.1 : null,
    validationAccuracy: accuracy && withValidation ? 0.4 + index / (2 * losses.length) : null,
  }));
}

const paths = (svg: string) => svg.match(/<path [^>]*>/g) ?? [];
/** Every number in every coordinate-like attribute. */
function coordinates(svg: string): string[] {
  return [...svg.matchAll(/\s(?:x1|x2|y1|y2|x|y|cx|cy|d|viewBox|width|height)="([^"]*)"/g)].map(
    ([, value = '']) => value,
  );
}

describe('metricChartSvg', () => {
  it('draws one path per run for train and one for validation, in the run colours', () => {
    const runs: ChartRun[] = [
      { label: 'first', epochs: epochs([1, 0.6, 0.4]) },
      { label: 'second', epochs: epochs([0.9, 0.7, 0.3], false) },
    ];
    const svg = metricChartSvg(runs, 'loss');
    expect(svg.startsWith('<svg')).toBe(true);
    const drawn = paths(svg);
    expect(drawn).toHaveLength(3);
    expect(drawn.filter((path) => path.includes('stroke-dasharray'))).toHaveLength(1);
    expect(drawn[0]).toContain(`stroke="${RUN_COLOURS[0]}"`);
    expect(drawn[2]).toContain(`stroke="${RUN_COLOURS[1]}"`);
    expect(svg).toContain('>first</text>');
    expect(svg).toContain('>validation</text>');
  });

  it('writes axis ticks', () => {
    const svg = metricChartSvg([{ label: 'r', epochs: epochs([2, 1, 0.5, 0.25, 0.1]) }], 'loss');
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, text]) => text);
    expect(labels).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4', '5', 'epoch']));
  });

  it('skips NaN and infinite losses, breaking the line', () => {
    const svg = metricChartSvg(
      [{ label: 'diverged', epochs: epochs([1, NaN, 0.5, Infinity, -Infinity, 0.2], false) }],
      'loss',
    );
    for (const value of coordinates(svg)) expect(value).not.toMatch(/NaN|Infinity/);
    const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d.match(/L/g) ?? []).toHaveLength(0);
    // Each point without a neighbour is a dot, or it would not show.
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });

  it('draws a single epoch as a dot', () => {
    const svg = metricChartSvg([{ label: 'one', epochs: epochs([0.7], false) }], 'loss');
    expect(svg.match(/<circle/g)).toHaveLength(1);
    for (const value of coordinates(svg)) expect(value).not.toMatch(/NaN|Infinity/);
  });

  it('keeps coordinates finite for flat, huge and tiny values', () => {
    for (const losses of [
      [0, 0, 0],
      [1e300, 1e300],
      [1e-300, 2e-300],
      [5, 5],
      [1e200, -1e99],
    ]) {
      const svg = metricChartSvg([{ label: 'x', epochs: epochs(losses) }], 'loss');
      for (const value of coordinates(svg)) expect(value).not.toMatch(/NaN|Infinity/);
    }
  });

  it('says there is no run yet when there is nothing to draw', () => {
    expect(metricChartSvg([], 'loss')).toBe('<p class="no-run">No run yet.</p>');
    expect(metricChartSvg([{ label: 'empty', epochs: [] }], 'loss')).not.toContain('<svg');
    expect(
      metricChartSvg([{ label: 'all NaN', epochs: epochs([NaN, NaN]) }], 'loss'),
    ).not.toContain('<svg');
  });

  it('escapes run labels', () => {
    const svg = metricChartSvg(
      [{ label: '</text><script>alert(1)</script>', epochs: epochs([1, 0.5]) }],
      'loss',
    );
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
  });

  it('draws accuracy on 0..1 and knows when there is any', () => {
    const runs = [{ label: 'acc', epochs: epochs([1, 0.5], true, true) }];
    expect(hasAccuracy(runs)).toBe(true);
    expect(hasAccuracy([{ label: 'loss only', epochs: epochs([1, 0.5]) }])).toBe(false);
    const svg = metricChartSvg(runs, 'accuracy');
    expect(paths(svg)).toHaveLength(2);
    expect(svg).toContain('>1</text>');
  });
});
