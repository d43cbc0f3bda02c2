/**
 * Rendering is linear in the text and its caps hold, for the hostile texts of adversarial.ts.
 * Time is this process's CPU time (the machine is shared: wall time measures the neighbours), the
 * fastest of a few alternating runs at a quarter and at the full size. Four times the text may
 * cost at most 10 times the time (3.2 per doubling): a quadratic step costs 16. Linear code
 * measures 4 to 6.5 here: the collector alone makes markdown-it's own parse of `*a**a**a...`
 * cost 4 times as much from 50,000 to 100,000 characters, then 2 times from 100,000 to 200,000.
 */
import { cpuUsage } from 'node:process';
import { describe, expect, it } from 'vitest';
import { adversarialTexts } from './adversarial';
import { HeadingIds } from './headings';
import { MARKDOWN_LIMITS, MAX_NESTING } from './limits';
import { elementsIn } from './escape';
import { CHUNK_ELEMENTS, renderMarkdownDocument } from './render';
import { inertnessProblem } from './test-html';

const FULL = MARKDOWN_LIMITS.length;
const RUNS = 5;
const CELL_ELEMENTS = MARKDOWN_LIMITS.elements.toLocaleString('en-US');

/** Milliseconds of CPU one render takes. */
function cpuMs(text: string): number {
  const start = cpuUsage();
  renderMarkdownDocument(text);
  const { user, system } = cpuUsage(start);
  return (user + system) / 1000;
}

/** Tags that open and close in order, void elements aside: the cut left no tag open. */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z][a-z0-9]*)[^>]*>/g)) {
    if (name === undefined || ['img', 'input', 'br', 'hr'].includes(name)) continue;
    if (close === '') open.push(name);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** Elements at the top level of well-formed HTML. */
function topLevelBlocks(html: string): number {
  let depth = 0;
  let blocks = 0;
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z][a-z0-9]*)[^>]*>/g)) {
    if (name === undefined || ['img', 'input', 'br', 'hr'].includes(name)) {
      if (depth === 0) blocks++;
      continue;
    }
    if (close === '') {
      if (depth === 0) blocks++;
      depth++;
    } else depth--;
  }
  return blocks;
}

describe('rendering hostile markdown is linear', () => {
  const quarter = adversarialTexts(FULL / 4);
  const full = adversarialTexts(FULL);
  it.each(Object.keys(full))(
    '%s',
    (name) => {
      const small = quarter[name] ?? '';
      const large = full[name] ?? '';
      expect(large.length).toBeGreaterThan(FULL * 0.9);
      cpuMs(small); // warm the JIT for this kind of text
      let smallMs = Infinity;
      let largeMs = Infinity;
      for (let run = 0; run < RUNS; run++) {
        smallMs = Math.min(smallMs, cpuMs(small));
        largeMs = Math.min(largeMs, cpuMs(large));
      }
      // A few milliseconds are the clock's and the collector's whatever the text.
      expect(largeMs).toBeLessThan(10 * smallMs + 5);

      const rendered = renderMarkdownDocument(large);
      expect(inertnessProblem(rendered.html)).toBeNull();
      expect(balanced(rendered.html)).toBe(true);
      expect(rendered.elements).toBeLessThanOrEqual(MARKDOWN_LIMITS.elements);
      // The pieces the page inserts one per frame: the whole HTML, each well formed, and small
      // unless it is one top-level block.
      const pieces = rendered.chunkEnds.map((end, i) =>
        rendered.html.slice(rendered.chunkEnds[i - 1] ?? 0, end),
      );
      expect(pieces.join('')).toBe(rendered.html);
      for (const piece of pieces) {
        expect(balanced(piece)).toBe(true);
        if (topLevelBlocks(piece) > 1)
          expect(elementsIn(piece)).toBeLessThanOrEqual(CHUNK_ELEMENTS);
      }
    },
    60_000,
  );
});

describe('heading ids', () => {
  it('take a step or two per heading however many repeat', () => {
    for (const n of [1_000, 10_000]) {
      const ids = new HeadingIds();
      const taken = new Set<string>();
      for (let i = 0; i < n; i++) taken.add(ids.take(i % 3 === 0 ? 'a-1' : 'a'));
      expect(taken.size).toBe(n);
      expect(ids.probes).toBeLessThanOrEqual(2 * n);
    }
  });

  it('number repeats as GitHub does, skipping ids taken by other headings', () => {
    const ids = new HeadingIds();
    expect(['a', 'a-1', 'a', 'a', 'a-1'].map((base) => ids.take(base))).toEqual([
      'a',
      'a-1',
      'a-2',
      'a-3',
      'a-1-1',
    ]);
  });
});

describe('caps leave a note saying what they left out', () => {
  const texts = adversarialTexts(FULL);

  it('25,000 headings: the first 1,000 are headings with ids, the rest paragraphs', () => {
    const { html, notes } = renderMarkdownDocument(texts['repeated headings'] ?? '');
    expect(html.match(/<h1 id="md-a(?:-\d+)?">/g)).toHaveLength(MARKDOWN_LIMITS.headings);
    expect(html).toContain('<h1 id="md-a-999">');
    expect(notes).toContain(
      'Only the first 1,000 headings are shown as headings; 24,000 more are shown as plain paragraphs.',
    );
  });

  it('nesting past the cap shows its text, with a note', () => {
    const { html, notes } = renderMarkdownDocument(`${'> '.repeat(30)}deep text\n`);
    expect(html.match(/<blockquote>/g)).toHaveLength(MAX_NESTING);
    expect(html).toContain('deep text');
    expect(notes).toEqual([
      `Lists and quotes nested more than ${MAX_NESTING} levels deep are shown as plain text.`,
    ]);
    const list = renderMarkdownDocument(texts['deep lists'] ?? '');
    expect(list.html).toContain('class="markdown-plain"');
    expect(list.notes.some((note) => note.startsWith('Lists and quotes nested'))).toBe(true);
  });

  it('formulas past the cap show their source', () => {
    // With room for every element, so that the formula cap alone acts.
    const roomy = { ...MARKDOWN_LIMITS, elements: 100_000 };
    const { html, notes } = renderMarkdownDocument('$x$ '.repeat(1_500), roomy);
    expect(html.match(/<math/g)).toHaveLength(MARKDOWN_LIMITS.math);
    expect(html).toContain('$x$');
    expect(notes).toContain(
      'Only the first 1,000 formulas are typeset; 500 more show their TeX source.',
    );
  });

  it('elements past the cap are cut, with the tags left open closed', () => {
    const { html, elements, notes } = renderMarkdownDocument(texts['in-page links'] ?? '');
    expect(elements).toBe(MARKDOWN_LIMITS.elements);
    expect(balanced(html)).toBe(true);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      new RegExp(
        `^This text would make about [\\d,]+ page elements, more than the ${CELL_ELEMENTS} a text cell shows`,
      ),
    );
    const table = renderMarkdownDocument(texts['long table'] ?? '');
    expect(table.html.endsWith('</tr>\n</tbody>\n</table>\n')).toBe(true);
    expect(table.notes).toHaveLength(1);
  });

  it('text within every cap renders whole, without a note', () => {
    const { html, notes } = renderMarkdownDocument(
      '# Setup\n\n- a $x^2$\n  > quoted [link](#setup)',
    );
    expect(notes).toEqual([]);
    expect(html).toContain('<a href="#md-setup">link</a>');
  });
});
