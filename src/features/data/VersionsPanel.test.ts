import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { testVersions, versionSha } from './test-versions';
import { VersionsPanel } from './VersionsPanel';

describe('VersionsPanel', () => {
  it('lists the versions newest first, the current one marked and not offered for restore', () => {
    const versions = testVersions(3);
    const [third, second] = versions;
    if (third === undefined || second === undefined) throw new Error('no versions');
    // Version 2 restored after version 3 was made.
    const restored = [third, { ...second, currentSince: '2026-02-01T00:00:00.000Z' }, versions[2]];
    const html = renderToStaticMarkup(
      createElement(VersionsPanel, {
        shown: third,
        versions: restored.filter((v) => v !== undefined),
      }),
    );
    const rows = html.match(/<li [^>]*data-testid="data.version"[^>]*>/g) ?? [];
    expect(rows.map((row) => /data-version="(\d)"/.exec(row)?.[1])).toEqual(['3', '2', '1']);
    expect(rows.map((row) => row.includes('data-current="true"'))).toEqual([false, true, false]);
    expect(rows[0]).toContain('aria-current="page"');
    expect(html.match(/data-testid="data.version.restore"/g)).toHaveLength(2);
    expect(html).toContain('~1');
    expect(html).toContain(`href="#/data/${versionSha(1)}">Version 1</a>`);
  });
});
