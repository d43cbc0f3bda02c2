/**
 * Texts made to be expensive to render, each as long as asked: the cases of issue 19 (25,000
 * headings and the like), used by the linear-time tests and the e2e fixture of hostile cells.
 */

/** `unit` repeated to at most `length` characters. */
const fill = (unit: string, length: number) => unit.repeat(Math.floor(length / unit.length));

/** Lines made by `line(i)` until `length` characters are filled. */
function lines(line: (i: number) => string, length: number): string {
  let text = '';
  for (let i = 0; ; i++) {
    const next = line(i);
    if (text.length + next.length > length) return text;
    text += next;
  }
}

/** Every hostile text kind by name, each at most `length` characters. */
export function adversarialTexts(length: number): Record<string, string> {
  return {
    'repeated headings': fill('# a\n', length),
    'distinct headings': lines((i) => `## Section ${i}\n`, length),
    'deep lists': lines((i) => `${'  '.repeat(i % 40)}- item\n`, length),
    'deep quotes': fill(`${'> '.repeat(40)}a\n`, length),
    'one deep quote line': '>'.repeat(length),
    'web links': fill('[a](https://example.com/) ', length),
    'refused links': fill('[a](javascript:alert(1)) ', length),
    'in-page links': fill('[a](#a) ', length),
    'bare addresses': fill('www.example.com ', length),
    'inline math': fill('$x$ ', length),
    fractions: fill('$\\frac{a}{b}$ ', length),
    'emphasis run': `*a${fill('**a', length - 2)}`,
    'mixed emphasis': fill('*a_', length),
    'long table': `|a|b|\n|-|-|\n${fill('|x|y|\n', length - 12)}`,
    'wide table': `|${'a|'.repeat(2000)}\n|${'-|'.repeat(2000)}\n${fill('x\n', length - 8004)}`,
    'reference definitions': lines((i) => `[r${i}]: https://example.com/${i}\n`, length),
    'open brackets': fill('[', length),
    backticks: fill('`a', length),
    'task lists': fill('- [x] a\n', length),
    'unclosed dollars': fill('$a ', length),
  };
}
