import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RunCompare } from './RunCompare';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { storedTable } from '../../core/data/test-stored-dataset';

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

describe('RunCompare on versions of one dataset', () => {
  const v1 = 'a'.repeat(64);
  const v2 = 'b'.repeat(64);
  const version = (sha256: string, n: number): StoredDataset => ({
    ...storedTable(sha256, 'blobs', { kind: 'capture', what: 'points' }),
    lineage: {
      lineId: v1,
      version: n,
      parent: n === 1 ? null : v1,
      note: '',
      changes: n === 1 ? null : { added: [0], removed: [], relabelled: [] },
    },
  });
  const datasets = [version(v1, 1), version(v2, 2)];
  const on = (id: string, sha256: string) => testRun({ id, name: id, datasetSha256: sha256 });

  it('says the runs trained on different versions and links to their diff', () => {
    const html = renderToStaticMarkup(
      createElement(RunCompare, { runs: [on('second', v2), on('first', v1)], datasets }),
    );
    expect(html).toContain('data: version 1 vs version 2 of blobs');
    expect(html).toContain(`href="#/data/${v2}/diff/${v1}"`);
  });

  it('says nothing of versions when the runs used the same one', () => {
    const html = renderToStaticMarkup(
      createElement(RunCompare, { runs: [on('x', v2), on('y', v2)], datasets }),
    );
    expect(html).not.toContain('runs.dataVersions');
  });
});
