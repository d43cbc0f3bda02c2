import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/schema';
import { addCell, newMarkdownCell } from './cells';
import { sameContentSliced } from './same-content';
import { CREATED, draftBundle, runOf, SPIRAL } from './test-bundles';
import { firstVersion, isSameContent } from './versions';

function edited(bundle: Bundle, text: string, id = `note-${text}`): Bundle {
  const done = addCell(bundle.notebook, newMarkdownCell(id, text), 99);
  if (!done.ok) throw done.error;
  return { ...bundle, notebook: done.value };
}

async function pairs(): Promise<[Bundle, Bundle][]> {
  const v1 = await firstVersion(draftBundle(), CREATED, '0.1.0');
  const { kind, ...rest } = SPIRAL;
  return [
    [v1, { ...v1, id: 'x', parent: 'y', version: 7, createdAt: 'z', app: { version: '9' } }],
    [v1, { ...v1, datasets: { data: { ...rest, kind } } }],
    [v1, edited(v1, 'more')],
    [v1, { ...v1, runs: [runOf('exp')] }],
    [v1, { ...v1, datasets: { data: { ...SPIRAL, seed: 2 } } }],
    [v1, { ...v1, datasets: { data: SPIRAL, spare: { ...SPIRAL, seed: 2 } } }],
    [v1, { ...v1, notebook: { ...v1.notebook, title: 'Another title' } }],
    [v1, { ...v1, weights: {} }],
    [edited(v1, 'a'), edited(v1, 'b')],
  ];
}

describe('sameContentSliced', () => {
  it('answers as isSameContent does', async () => {
    const answers = [];
    for (const [a, b] of await pairs()) {
      const expected = isSameContent(a, b);
      answers.push(expected);
      expect(await sameContentSliced(a, b, () => false)).toBe(expected);
    }
    expect(answers).toEqual([true, true, false, false, false, true, false, false, false]);
  });

  it('yields between pieces and gives up once the question is stale', async () => {
    const v1 = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const big = 'x'.repeat(90_000);
    let many = v1;
    for (let i = 0; i < 150; i++) many = edited(many, `${i} ${big}`, `cell-${i}`);
    const copy = structuredClone(many);
    let yields = 0;
    const answer = await sameContentSliced(many, copy, () => {
      yields += 1;
      return false;
    });
    expect(answer).toBe(true);
    expect(yields).toBeGreaterThan(0);
    expect(await sameContentSliced(many, structuredClone(many), () => true)).toBeNull();
  });
});
