import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import { RunsTable } from './RunsTable';
import { storedTable } from '../../core/data/test-stored-dataset';

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

  it('names the dataset version each run trained on', () => {
    const v1 = 'a'.repeat(64);
    const v2 = 'b'.repeat(64);
    const blobs = storedTable(v1, 'blobs', { kind: 'capture', what: 'points' });
    const second = {
      ...storedTable(v2, 'blobs', { kind: 'capture', what: 'points' }),
      lineage: { lineId: v1, version: 2, parent: v1, note: '', changes: null },
    };
    const html = renderToStaticMarkup(
      createElement(RunsTable, {
        runs: [
          testRun({ id: 'one', datasetSha256: v1 }),
          testRun({ id: 'two', datasetSha256: v2 }),
          testRun({ id: 'gone', datasetSha256: 'c'.repeat(64) }),
        ],
        sweepNames: new Map(),
        datasets: [blobs, second],
      }),
    );
    expect(html).toContain('data-testid="runs.dataset">blobs v1<');
    expect(html).toContain('data-testid="runs.dataset">blobs v2<');
    // A version this browser no longer holds is named as the experiment names its data.
    expect(html).toContain('data-testid="runs.dataset">spiral<');
  });
});
