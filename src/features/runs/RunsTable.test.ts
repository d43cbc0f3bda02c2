import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import { RunsTable } from './RunsTable';

const regression = testRun({
  id: 'r',
  name: 'cars · mse · lr 0.03',
  experiment: testRunExperiment({ loss: 'meanSquaredError' }),
  epochs: [
    {
      epoch: 1,
      trainLoss: 200,
      trainAccuracy: null,
      validationLoss: 144,
      validationAccuracy: null,
    },
  ],
});

describe('RunsTable', () => {
  it('gives each run the loss it minimised and the metric of its task, never a dash', () => {
    const html = renderToStaticMarkup(
      createElement(RunsTable, { runs: [regression, testRun()], sweepNames: new Map() }),
    );
    expect(html).toContain('data-testid="runs.lossKind">MSE<');
    expect(html).toContain('data-kind="rmse"');
    expect(html).toMatch(/data-testid="runs.metric"[^>]*>RMSE 12</);
    expect(html).toMatch(/data-testid="runs.metric"[^>]*>acc\. 0\.7</);
    expect(html).toMatch(/data-testid="runs.valLoss"[^>]*>144</);
    expect(html).not.toContain('runs.sort.sweep');
    expect(html).toContain('data-testid="runs.selectAll"');
  });

  it('has a sweep column once some run belongs to a sweep, by name where known', () => {
    const swept = testRun({ id: 's', sweep: { sweepId: 'sw-1', trialId: 't' } });
    const html = renderToStaticMarkup(
      createElement(RunsTable, {
        runs: [swept, regression],
        sweepNames: new Map([['sw-1', 'learning-rate cliff']]),
      }),
    );
    expect(html).toContain('data-testid="runs.sort.sweep"');
    expect(html).toContain('data-sweep-id="sw-1">learning-rate cliff</td>');
    expect(html).toContain('<td class="muted">none</td>');
  });
});
