import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RunCompare } from './RunCompare';
import { testRun, testRunExperiment } from '../../core/runs/test-run';

const sha = 'ab12'.repeat(16);

function runs() {
  const cars = testRunExperiment({ learningRate: 0.3 });
  cars.dataset = { kind: 'local', name: 'cars', sha256: sha };
  return [
    testRun({ id: 'a', name: 'slow' }),
    testRun({ id: 'b', name: 'same as slow' }),
    testRun({ id: 'c', name: 'fast', experiment: testRunExperiment({ learningRate: 0.3 }) }),
    testRun({ id: 'd', name: 'cars', experiment: cars }),
  ];
}

describe('RunCompare', () => {
  it('puts every selected run side by side and shows only what differs', () => {
    const html = renderToStaticMarkup(createElement(RunCompare, { runs: runs() }));
    expect(html).toContain('data-testid="runs.compare"');
    expect(html).toContain('4 runs compared: ');
    for (const name of ['slow', 'same as slow', 'fast', 'cars']) {
      expect(html).toContain(`</span>${name}</th>`);
    }
    const rows =
      html.match(/<tr data-testid="runs.compare.row"[^>]*><th scope="row">([^<]+)/g) ?? [];
    expect(rows.every((row) => row.includes('data-changed="true"'))).toBe(true);
    expect(rows.map((row) => row.replace(/.*>/, ''))).toContain('learningRate');
    expect(html).not.toContain('>batchSize<');
    const cell = (value: string) => `<td><span class="runs-compare-value">${value}</span></td>`;
    expect(html).toContain(['0.01', '0.01', '0.3', '0.3'].map(cell).join(''));
  });

  it('shortens a SHA-256 with a Copy button that names what it copies', () => {
    const html = renderToStaticMarkup(createElement(RunCompare, { runs: runs() }));
    expect(html).toContain(`title="${sha}"`);
    expect(html).toContain('ab12ab12…ab12');
    expect(html).toContain('aria-label="Copy sha256 of cars"');
    expect(html).not.toContain(`>${sha}<`);
  });
});
