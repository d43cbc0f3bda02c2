import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataCard } from './DataCard';
import { testVersions, versionSha } from './test-versions';

const card = (...args: Parameters<typeof DataCard>) =>
  renderToStaticMarkup(createElement(DataCard, ...args));

describe('DataCard', () => {
  const versions = testVersions(3);
  const [, second] = versions;
  if (second === undefined) throw new Error('no second version');

  it('shows the source, the hash, and where the version comes from', () => {
    const html = card({ record: second, versions });
    expect(html).toContain('data-testid="data.card"');
    expect(html).toContain('points drawn on the plot');
    expect(html).toContain(`data-testid="data.card.hash">${versionSha(2)}<`);
    expect(html).toContain('data-testid="data.card.version">2 of 3<');
    expect(html).toContain(`href="#/data/${versionSha(1)}">version 1</a>`);
    expect(html).toContain(`href="#/data/${versionSha(2)}/diff/${versionSha(1)}"`);
    expect(html).toContain('1 example changed: 1 relabelled');
    expect(html).toContain('fix 2');
    expect(html).toContain('data-testid="preview.balance"');
  });

  it('says when the parent is not in this browser, and lets the user give a licence', () => {
    const html = card({ record: second, versions: [second] });
    expect(html).toContain('which is not in this browser');
    expect(html).toContain('(1 of them in this browser)');
    expect(html).toContain('data-testid="data.card.license"');
  });

  it('does not ask for the licence of a dataset shipped with Gradlab', () => {
    const [shipped] = testVersions(1, { kind: 'shipped', name: 'iris' });
    if (shipped === undefined) throw new Error('no version');
    const html = card({ record: shipped, versions: [shipped] });
    expect(html).not.toContain('data.card.license');
    expect(html).not.toContain('data.card.parent');
  });
});
