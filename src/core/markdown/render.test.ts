import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from './render';
import { inertnessProblem } from './test-html';

function expectInert(html: string): void {
  expect(inertnessProblem(html)).toBeNull();
  expect(html).not.toMatch(/<(?:script|iframe|object|embed|style|svg|form|base|meta|link)\b/i);
  // Text escapes `"`, so every `"` left delimits an attribute value; drop the values.
  const tags = html.replace(/"[^"]*"/g, '""');
  expect(tags).not.toMatch(/<[^>]*\s(?:style|srcdoc|on[a-z]+)=/i);
}

describe('renderMarkdown: hostile text stays inert', () => {
  const vectors: [string, string][] = [
    ['an img with onerror', '<img src=x onerror=alert(1)>'],
    ['a javascript: link', '[x](javascript:alert(1))'],
    ['svg with a script', '<svg><script>alert(1)</script></svg>'],
    ['an iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>">'],
    ['a data:text/html link', '[d](data:text/html,<script>alert(1)</script>)'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['a raw anchor', '<a href="javascript:alert(1)">x</a>'],
    ['mixed case', '[x](JaVaScRiPt:alert(1))'],
    ['a tab in the scheme', '[x](java\tscript:alert(1))'],
    ['a tab in a bracketed destination', '[x](<java\tscript:alert(1)>)'],
    ['a newline in the scheme', '[x](<java\nscript:alert(1)>)'],
    ['an entity for j', '[x](&#106;avascript:alert(1))'],
    ['hex entities', '[x](&#x6A;&#x61;vascript:alert(1))'],
    ['a named entity colon', '[x](javascript&colon;alert(1))'],
    ['vbscript', '[x](vbscript:msgbox(1))'],
    ['file', '[x](file:///etc/passwd)'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a reference link', '[x][r]\n\n[r]: javascript:alert(1)'],
    ['a style tag', '<style>body{display:none}</style>'],
    ['an object', '<object data="x.swf"></object><embed src="x">'],
    ['a form', '<form action="https://evil"><input name=a></form>'],
    ['a base', '<base href="https://evil/">'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil">'],
    ['a fence info string', '```js" onmouseover="alert(1)\nx\n```'],
    ['a link title', '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")'],
  ];

  it.each(vectors)('%s', (_, source) => {
    const html = renderMarkdown(source);
    expectInert(html);
    expect(html).not.toMatch(/<a\s[^>]*href="(?!https?:|mailto:|#md-)/);
  });

  it('keeps the text of a refused link visible', () => {
    for (const source of ['[click me](javascript:alert(1))', '[click me](lessons/page.md)']) {
      const html = renderMarkdown(source);
      expect(html).toContain('click me');
      expect(html).not.toContain('<a');
    }
  });

  it('refuses protocol-relative, relative and data links', () => {
    for (const href of ['//evil.example/x', 'page.html', '/abs', 'data:image/png;base64,AAAA']) {
      expect(renderMarkdown(`[x](${href})`)).not.toContain('<a');
    }
  });

  it('shows raw HTML as text', () => {
    expect(renderMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
  });

  it('renders refused images as their alt text', () => {
    for (const src of [
      'javascript:alert(1)',
      'https://tracker.example/pixel.png',
      '//evil.example/x.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:text/html;base64,PHNjcmlwdD4=',
      '/etc/passwd',
    ]) {
      const html = renderMarkdown(`![the alt](${src})`);
      expect(html).not.toContain('<img');
      expect(html).toContain('the alt');
    }
  });
});

describe('renderMarkdown: markdown', () => {
  it('renders a table with alignment as classes', () => {
    const html = renderMarkdown('| a | b |\n|:--|--:|\n| 1 | 2 |');
    expect(html).toContain('<table>');
    expect(html).toContain('<th class="md-align-left">a</th>');
    expect(html).toContain('<td class="md-align-right">2</td>');
    expect(html).not.toContain('style=');
  });

  it('renders strikethrough and fenced code', () => {
    expect(renderMarkdown('~~gone~~')).toContain('<s>gone</s>');
    expect(renderMarkdown('```python\nif a < b:\n```')).toBe(
      '<pre><code class="language-python">if a &lt; b:\n</code></pre>\n',
    );
  });

  it('links external URLs in a new tab without referrer', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1) and www.example.org');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow" target="_blank">docs</a>',
    );
    expect(html).toContain('<a href="http://www.example.org"');
    expect(renderMarkdown('<mailto:a@example.com>')).toContain('href="mailto:a@example.com"');
  });

  it('gives headings prefixed, unique ids and points in-page links at them', () => {
    const html = renderMarkdown(
      '# Getting Started!\n\n## Getting started\n\n# `__proto__`\n\n[a](#getting-started) [b](#md-getting-started-1)',
    );
    expect(html).toContain('<h1 id="md-getting-started">');
    expect(html).toContain('<h2 id="md-getting-started-1">');
    expect(html).toContain('<h1 id="md-__proto__">');
    expect(html).toContain('<a href="#md-getting-started">a</a>');
    expect(html).toContain('<a href="#md-getting-started-1">b</a>');
  });

  it('does not link to the app routes of the hash', () => {
    expect(renderMarkdown('[a](#/runs) [b](#b=abc)')).not.toContain('<a');
  });

  it('renders same-origin and raster data images, lazily', () => {
    expect(renderMarkdown('![A plot](lessons/plot.png)')).toContain(
      '<img src="lessons/plot.png" alt="A plot" loading="lazy">',
    );
    expect(renderMarkdown('![dot](data:image/png;base64,iVBORw0KGgo=)')).toContain(
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" loading="lazy">',
    );
  });

  it('renders task lists as disabled checkboxes', () => {
    const html = renderMarkdown('- [ ] todo\n- [x] done');
    expect(html).toContain('<input type="checkbox" class="task-checkbox" disabled> todo');
    expect(html).toContain('<input type="checkbox" class="task-checkbox" disabled checked> done');
  });

  it('renders math as MathML and leaves prices alone', () => {
    expect(renderMarkdown('$x^2$')).toContain('<math');
    expect(renderMarkdown('$$\n\\sum_i x_i\n$$')).toContain('<div class="math-display">');
    expect(renderMarkdown('costs $5 and $6')).toBe('<p>costs $5 and $6</p>\n');
  });
});

describe('renderMarkdown: size and depth', () => {
  it('cuts text past the limit with a visible note', () => {
    const html = renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH + 10));
    expect(html).toContain('class="markdown-truncated"');
    expect(html.match(/a/g)?.length).toBeLessThan(MAX_MARKDOWN_LENGTH + 10);
    expect(renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH))).not.toContain('markdown-truncated');
  });

  it('does not split a surrogate pair at the cut', () => {
    const html = renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH - 1) + '😀');
    expect(html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it.each([
    ['quotes', '>'.repeat(10_000) + ' x'],
    ['brackets', '['.repeat(10_000)],
    ['links', '['.repeat(5_000) + '](x)'.repeat(5_000)],
    ['lists', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')],
    ['emphasis', '*'.repeat(50_000) + 'a'],
    ['dollars', '$a '.repeat(30_000)],
    ['display dollars', '$$a\n'.repeat(5_000)],
  ])('renders deep or repetitive %s quickly, without overflowing the stack', (_, source) => {
    const started = Date.now();
    const html = renderMarkdown(source);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((html.match(/<blockquote>/g) ?? []).length).toBeLessThanOrEqual(20);
    expect((html.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(20);
    expectInert(html);
  });
});

describe('renderMarkdown: properties', () => {
  const hostile = fc
    .array(
      fc.constantFrom(
        '<',
        '>',
        '"',
        "'",
        'javascript:',
        'on',
        'error',
        '=',
        '[',
        '](',
        ')',
        '!',
        '$',
        '$$',
        '\\',
        '\n',
        ' ',
        '\t',
        'x',
        'script',
        'img src',
        '&#',
        '106;',
        '`',
        '*',
        '#',
        '|',
        '- ',
        '> ',
        'http://',
        'data:',
      ),
      { maxLength: 80 },
    )
    .map((parts) => parts.join(''));

  it('never throws and never yields an active tag or attribute, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => {
        expect(inertnessProblem(renderMarkdown(source))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never yields an active tag or attribute, for hostile mixes', () => {
    fc.assert(
      fc.property(hostile, (source) => {
        const html = renderMarkdown(source);
        expect(html).not.toMatch(/<script/i);
        expect(inertnessProblem(html)).toBeNull();
      }),
      { numRuns: 1_000 },
    );
  });
});
