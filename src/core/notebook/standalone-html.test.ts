import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertnessProblem } from '../markdown/test-html';
import type { EpochRecord } from '../runs/epoch';
import {
  isOpenableLink,
  STANDALONE_CSP,
  standaloneHtml,
  type StandaloneCell,
  type StandaloneInput,
} from './standalone-html';

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>';

function epochs(count: number, accuracy: boolean): EpochRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    epoch: index + 1,
    trainLoss: 1 / (index + 1),
    trainAccuracy: accuracy ? index / count : null,
    validationLoss: 1.2 / (index + 1),
    validationAccuracy: accuracy ? index / count - 0.05 : null,
  }));
}

function input(cells: StandaloneCell[], overrides: Partial<StandaloneInput> = {}): StandaloneInput {
  return {
    title: 'Spirals',
    authors: ['Ada'],
    exportedAt: '2025-01-02T03:04:05.000Z',
    appVersion: '1.2.3',
    link: null,
    cells,
    ...overrides,
  };
}

/** Everything between `<style>` and `</style>` is CSS, not markup. */
const withoutStyle = (html: string) => html.replace(/<style>[^<]*<\/style>/, '<style></style>');

describe('standaloneHtml', () => {
  it('writes one document with a CSP that forbids script and requests', () => {
    const html = standaloneHtml(input([{ type: 'markdown', text: '# Hello' }]));
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html.match(/<\/html>/g)).toHaveLength(1);
    expect(html.match(/<body>/g)).toHaveLength(1);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">`,
    );
    expect(STANDALONE_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    // The policy comes before anything it must govern.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).toContain('<title>Spirals</title>');
    expect(html).toContain('<h1 id="md-hello">Hello</h1>');
    expect(html).not.toMatch(/<script/i);
  });

  it('draws one chart per metric for each experiment with runs', () => {
    const html = standaloneHtml(
      input([
        {
          type: 'experiment',
          title: 'Classifier',
          facts: [['Epochs', '5']],
          runs: [
            { label: 'a', epochs: epochs(5, true) },
            { label: 'b', epochs: epochs(3, true) },
          ],
        },
        {
          type: 'experiment',
          title: 'Regression',
          facts: [],
          runs: [{ label: 'c', epochs: epochs(4, false) }],
        },
        { type: 'experiment', title: 'Untrained', facts: [['Seed', '1']], runs: [] },
      ]),
    );
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html.match(/<figcaption>Loss<\/figcaption>/g)).toHaveLength(2);
    expect(html.match(/<figcaption>Accuracy<\/figcaption>/g)).toHaveLength(1);
    expect(html).toContain('<p class="no-run">No run yet.</p>');
    expect(html).toContain('<tr><th scope="row">Seed</th><td>1</td></tr>');
  });

  it('keeps hostile notebook text escaped everywhere', () => {
    const html = standaloneHtml(
      input(
        [
          {
            type: 'markdown',
            text: `${HOSTILE}\n\n[x](javascript:alert(1))\n\n$\\href{javascript:alert(1)}{x}$`,
          },
          {
            type: 'experiment',
            title: HOSTILE,
            facts: [[HOSTILE, HOSTILE]],
            runs: [{ label: HOSTILE, epochs: epochs(3, true) }],
          },
        ],
        {
          title: `</title>${HOSTILE}`,
          authors: [HOSTILE],
          exportedAt: HOSTILE,
          appVersion: HOSTILE,
        },
      ),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<title>&lt;/title&gt;&quot;&gt;&lt;script&gt;');
    expect(
      inertnessProblem(withoutStyle(html), { allowTags: ['style', 'svg', 'meta'] }),
    ).toBeNull();
  });

  it('never lets a title, author, fact or label out of its text, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const html = standaloneHtml(
          input(
            [
              { type: 'markdown', text: a },
              {
                type: 'experiment',
                title: a,
                facts: [[a, b]],
                runs: [{ label: b, epochs: epochs(2, false) }],
              },
            ],
            { title: b, authors: [a, b] },
          ),
        );
        expect(
          inertnessProblem(withoutStyle(html), { allowTags: ['style', 'svg', 'meta'] }),
        ).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('links back to Gradlab only over https or a local server', () => {
    const link = 'https://gradlab.example/#b=abc&x="y"';
    const html = standaloneHtml(input([], { link }));
    expect(html).toContain(
      '<a href="https://gradlab.example/#b=abc&amp;x=&quot;y&quot;" rel="noopener noreferrer">Open in Gradlab</a>',
    );
    for (const bad of ['javascript:alert(1)', 'http://gradlab.example/', 'data:text/html,x']) {
      expect(standaloneHtml(input([], { link: bad }))).not.toContain('Open in Gradlab');
    }
    expect(standaloneHtml(input([], { link: null }))).not.toContain('Open in Gradlab');
  });
});

describe('isOpenableLink', () => {
  it('accepts https and local http only', () => {
    for (const link of [
      'https://gradlab.example/#b=x',
      'http://localhost:4173/#b=x',
      'http://127.0.0.1/#url=y',
    ]) {
      expect(isOpenableLink(link)).toBe(true);
    }
    for (const link of [
      'http://localhost.evil.example/',
      'http://127.0.0.1.evil.example/',
      'http://evil.example/',
      'https://user:pass@gradlab.example/',
      ' https://gradlab.example/',
      'HTTPS://gradlab.example/',
      'javascript:alert(1)',
      '//gradlab.example',
      'not a url',
    ]) {
      expect(isOpenableLink(link)).toBe(false);
    }
  });
});
