import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RunDiff } from './RunDiff';
import { testRun, testRunExperiment } from '../../core/runs/test-run';

describe('RunDiff', () => {
  it('shows both runs side by side with the differing settings marked', () => {
    const a = testRun({ name: 'slow' });
    const b = testRun({
      id: 'run-2',
      name: 'fast',
      experiment: testRunExperiment({ learningRate: 0.3 }),
    });
    const html = renderToStaticMarkup(createElement(RunDiff, { a, b }));
    expect(html).toContain('data-testid="runs.diff"');
    expect(html).toContain('1 setting differs.');
    const changed = html.match(/<tr class="changed"[^>]*><th scope="row">([^<]+)/g) ?? [];
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('learningRate');
    expect(html).toContain('<td>0.3</td>');
  });
});
