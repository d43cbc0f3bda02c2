import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { mathPlugin, renderTex } from './math';
import { renderMarkdown } from './render';
import { inertnessProblem } from './test-html';

const md = new MarkdownIt().use(mathPlugin);
const mathCount = (html: string) => (html.match(/<math/g) ?? []).length;

describe('math syntax', () => {
  it('renders $inline$ as inline MathML', () => {
    const html = md.render('The square $x^2$ grows.');
    expect(mathCount(html)).toBe(1);
    expect(html).toContain('<msup><mi>x</mi><mn>2</mn></msup>');
    expect(html).not.toContain('display="block"');
  });

  it('renders $$display$$ inside a paragraph in display mode', () => {
    const html = md.render('Loss: $$L = \\frac{1}{n}$$ per batch.');
    expect(html).toContain('<span class="math-display">');
    expect(html).toContain('display="block"');
  });

  it('renders a $$ block on its own lines', () => {
    const html = md.render('Before\n$$\n\\sum_{i=1}^n x_i\n$$\nAfter');
    expect(html).toContain('<div class="math-display">');
    expect(html).toContain('<p>Before</p>');
    expect(html).toContain('<p>After</p>');
    expect(md.render('$$ a + b $$')).toContain('<div class="math-display">');
  });

  it('leaves money alone', () => {
    for (const text of ['costs $5 and $6', 'between $ 5 and $ 6', 'from $5 to 6$7', '$5.00']) {
      expect(mathCount(md.render(text))).toBe(0);
    }
  });

  it('keeps \\$ a literal dollar, outside math and inside it', () => {
    expect(md.render('\\$x$ is not math')).toBe('<p>$x$ is not math</p>\n');
    const html = md.render('$a \\$ b$');
    expect(mathCount(html)).toBe(1);
    expect(html).toContain('<annotation encoding="application/x-tex">a \\$ b</annotation>');
  });

  it('leaves an unclosed $$ as text', () => {
    expect(md.render('$$x and more')).toBe('<p>$$x and more</p>\n');
    expect(md.render('$$\nx\n\ny $$z')).not.toContain('<div class="math-display">');
  });

  it('does not look for math in code', () => {
    expect(mathCount(md.render('`$x$`\n\n```\n$$\ny\n$$\n```'))).toBe(0);
  });
});

describe('renderTex', () => {
  it('writes MathML without inline styles', () => {
    const html = renderTex('\\fcolorbox{red}{blue}{x}', false);
    expect(html).toContain('<math');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('shows a formula KaTeX cannot parse as its source, without inline styles', () => {
    const html = renderTex('\\frac{', false);
    expect(html).toContain('katex-error');
    expect(html).toContain('\\frac{');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('stops macros that expand without end', () => {
    const html = renderTex('\\def\\a{\\a\\a}\\a', true);
    expect(html).toContain('katex-error');
  });
});

describe('hostile math', () => {
  it.each([
    ['\\href', '$\\href{javascript:alert(1)}{x}$'],
    ['\\url', '$\\url{javascript:alert(1)}$'],
    ['\\htmlId', '$\\htmlId{app}{x}$'],
    ['\\htmlClass', '$\\htmlClass{share-dialog}{x}$'],
    ['\\htmlStyle', '$\\htmlStyle{position:fixed}{x}$'],
    ['\\htmlData', '$\\htmlData{onclick=alert(1)}{x}$'],
    ['\\includegraphics', '$\\includegraphics{https://tracker.example/x.png}$'],
    ['a closing math tag', '$</math><script>alert(1)</script>$'],
    ['a display closing tag', '$$\n</math><img src=x onerror=alert(1)>\n$$'],
    ['\\text with markup', '$\\text{<script>alert(1)</script>}$'],
  ])('%s stays inert', (_, source) => {
    const html = renderMarkdown(source);
    expect(inertnessProblem(html)).toBeNull();
    expect(html).not.toMatch(/<(?:script|img|a)\b/i);
    expect(html).not.toMatch(/\s(?:href|src|id)="/);
    expect(html).not.toContain('share-dialog"');
  });
});
