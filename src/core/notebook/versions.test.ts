import { describe, expect, it } from 'vitest';
import { contentId, verifyContentId } from '../bundle/content-id';
import type { Bundle } from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import { BundleError } from '../errors';
import { addCell, deleteCell, newMarkdownCell } from './cells';
import { TooLongError } from './typed-limits';
import { CREATED, draftBundle, expectValid, runOf, SPIRAL } from './test-bundles';
import {
  contentOf,
  copyTitle,
  firstVersion,
  forkVersion,
  isSameContent,
  lineage,
  nextVersion,
  restoreAsDraft,
  versionAfter,
} from './versions';

const LATER = new Date('2025-05-06T07:08:09.000Z');

function edited(bundle: Bundle, text: string): Bundle {
  const done = addCell(bundle.notebook, newMarkdownCell(`note-${text}`, text), 99);
  if (!done.ok) throw done.error;
  return { ...bundle, notebook: done.value };
}

describe('contentOf and isSameContent', () => {
  it('compare the notebook, datasets, runs and weights, not the lineage', async () => {
    const v1 = await firstVersion(draftBundle(), CREATED, '0.1.0');
    expect(Object.keys(contentOf(v1)).sort()).toEqual(['datasets', 'notebook', 'runs']);
    const elsewhere = {
      ...v1,
      id: 'x',
      parent: 'y',
      version: 7,
      createdAt: 'z',
      app: { version: '9' },
    };
    expect(isSameContent(v1, elsewhere)).toBe(true);
    const { kind, ...rest } = SPIRAL;
    const reordered = { ...v1, datasets: { data: { ...rest, kind } } };
    expect(isSameContent(v1, reordered)).toBe(true);
    expect(isSameContent(v1, edited(v1, 'more'))).toBe(false);
    expect(isSameContent(v1, { ...v1, runs: [runOf('exp')] })).toBe(false);
    expect(isSameContent(v1, { ...v1, datasets: { data: { ...SPIRAL, seed: 2 } } })).toBe(false);
    const unused = { ...v1, datasets: { data: SPIRAL, spare: { ...SPIRAL, seed: 2 } } };
    expect(isSameContent(v1, unused)).toBe(true);
  });
});

describe('firstVersion', () => {
  it('is version 1 without a parent, named by its content, and opens again', async () => {
    const v1 = await firstVersion(draftBundle(), CREATED, '0.2.0');
    expect(v1.version).toBe(1);
    expect(v1.parent).toBeNull();
    expect(v1.createdAt).toBe(CREATED.toISOString());
    expect(v1.app.version).toBe('0.2.0');
    expect(v1.id).toBe(await contentId(v1));
    expect(await verifyContentId(v1 as unknown as Record<string, unknown>)).toEqual({
      ok: true,
      value: v1.id,
    });
    expect(expectValid(v1)).toEqual(v1);
  });
});

describe('nextVersion', () => {
  it("holds the draft's content, with the head as parent and the next number", async () => {
    const head = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const draft = edited(head, 'A new paragraph.');
    const v2 = await nextVersion(head, draft, LATER, '0.3.0');
    expect(v2.parent).toBe(head.id);
    expect(v2.version).toBe(2);
    expect(v2.createdAt).toBe(LATER.toISOString());
    expect(v2.app).toEqual({ version: '0.3.0' });
    expect(isSameContent(v2, draft)).toBe(true);
    expect(v2.id).toBe(await contentId(v2));
    expect(v2.id).not.toBe(head.id);
    const checked = validateBundle(v2);
    expect(checked.ok && checked.value).toEqual(v2);
    const v3 = await nextVersion(v2, edited(v2, 'More.'), LATER, '0.3.0');
    expect([v3.version, v3.parent]).toEqual([3, v2.id]);
  });

  it('is the same bundle for the same content, lineage and time', async () => {
    const head = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const a = await nextVersion(head, edited(head, 'x'), LATER, '0.1.0');
    const b = await nextVersion(head, edited(head, 'x'), LATER, '0.1.0');
    expect(a).toEqual(b);
  });

  it('drops what a deleted cell left behind, so the version opens again', async () => {
    const head = await firstVersion({ ...draftBundle(), runs: [runOf('exp')] }, CREATED, '0.1.0');
    expect(head.runs).toHaveLength(1);
    const draft = { ...head, notebook: deleteCell(head.notebook, 'exp') };
    expect(validateBundle(draft).ok).toBe(false);
    const v2 = await nextVersion(head, draft, LATER, '0.1.0');
    expect(v2.runs).toEqual([]);
    expect(Object.keys(v2.datasets)).toEqual([]);
    expectValid(v2);
  });

  it('rejects a draft that could not be opened again, as the notebook it is, never "damaged"', async () => {
    const head = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const [intro, exp] = head.notebook.cells;
    if (intro === undefined || exp === undefined) throw new Error('no cells');
    const draft = {
      ...head,
      notebook: { ...head.notebook, cells: [intro, { ...exp, id: 'intro' }] },
    };
    const saving = nextVersion(head, draft, LATER, '0.1.0');
    await expect(saving).rejects.toBeInstanceOf(BundleError);
    await expect(saving).rejects.toThrow(
      /^This notebook cannot be saved or shared as it is: notebook\.cells\[1\]\.id repeats the id "intro" of an earlier cell\. Change that, then try again; the draft keeps everything\.$/,
    );
  });

  it('says "too long" for typed text over the limits, naming the field', async () => {
    const head = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const [intro, exp] = head.notebook.cells;
    if (intro?.type !== 'markdown' || exp === undefined) throw new Error('no text cell');
    const longText = { ...intro, text: 'x'.repeat(120_000) };
    const cases: [Bundle, string, string][] = [
      [
        { ...head, notebook: { ...head.notebook, cells: [exp, longText] } },
        'notebook.cells[1].text',
        'The text of cell 2 is too long: 120,000 characters, where at most 100,000 fit. ' +
          'Shorten it or split it into two cells, then try again; the draft keeps your text.',
      ],
      [
        { ...head, notebook: { ...head.notebook, title: 'x'.repeat(500) } },
        'notebook.title',
        "The notebook's title is too long: 500 characters, where at most 200 fit. Shorten it, " +
          'then try again.',
      ],
    ];
    for (const [draft, field, message] of cases) {
      const error = await nextVersion(head, draft, LATER, '0.1.0').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooLongError);
      expect(error).toMatchObject({ code: 'too-long', field, message });
    }
  });
});

describe('versionAfter', () => {
  it('makes a notebook with no version yet version 1, and follows a head otherwise', async () => {
    const first = await versionAfter(null, draftBundle(), CREATED, '0.1.0');
    expect([first.version, first.parent]).toEqual([1, null]);
    expect(first).toEqual(await firstVersion(draftBundle(), CREATED, '0.1.0'));
    const second = await versionAfter(first, edited(first, 'two'), LATER, '0.1.0');
    expect([second.version, second.parent]).toEqual([2, first.id]);
  });
});

describe('forkVersion', () => {
  it("is the version after the lesson, with the student's content, titled as a copy", async () => {
    const lesson = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const mine = edited(lesson, 'My note.');
    const fork = await forkVersion(lesson, mine, LATER, '0.2.0');
    expect([fork.parent, fork.version]).toEqual([lesson.id, 2]);
    expect(fork.notebook.title).toBe(`${lesson.notebook.title} (my copy)`);
    expect(fork.notebook.cells).toEqual(mine.notebook.cells);
    expect(fork.id).toBe(await contentId(fork));
    expectValid(fork);
    // Forked unchanged, it is still a version of its own, not the lesson again.
    const unchanged = await forkVersion(lesson, lesson, LATER, '0.2.0');
    expect(unchanged.id).not.toBe(lesson.id);
    expect(unchanged.parent).toBe(lesson.id);
  });

  it('keeps a long title within the limit, cut between whole characters', () => {
    const long = `${'é'.repeat(150)}${'😀'.repeat(40)}`;
    // 150 + 2 x 20 code units and the mark make the 200 a title may hold; no emoji is split.
    expect(copyTitle(long)).toBe(`${'é'.repeat(150)}${'😀'.repeat(20)} (my copy)`);
    expect(copyTitle('Spiral')).toBe('Spiral (my copy)');
  });
});

describe('restoreAsDraft', () => {
  it("holds the old content in the head's lineage, so saving it makes the next version", async () => {
    const v1 = await firstVersion(draftBundle(), CREATED, '0.1.0');
    const v2 = await nextVersion(v1, edited(v1, 'two'), LATER, '0.1.0');
    const draft = restoreAsDraft(v1, v2);
    expect(isSameContent(draft, v1)).toBe(true);
    expect([draft.id, draft.parent, draft.version]).toEqual([v2.id, v2.parent, 2]);
    const v3 = await nextVersion(v2, draft, LATER, '0.1.0');
    expect([v3.parent, v3.version]).toEqual([v2.id, 3]);
    expect(isSameContent(v3, v1)).toBe(true);
    expect(v3.id).not.toBe(v1.id);
  });
});

describe('lineage', () => {
  async function chain(n: number): Promise<Map<string, Bundle>> {
    const store = new Map<string, Bundle>();
    let head = await firstVersion(draftBundle(), CREATED, '0.1.0');
    store.set(head.id, head);
    for (let i = 2; i <= n; i++) {
      head = await nextVersion(head, edited(head, `v${i}`), LATER, '0.1.0');
      store.set(head.id, head);
    }
    return store;
  }
  const newest = (store: Map<string, Bundle>) => [...store.values()].at(-1)!;
  const reader = (store: Map<string, Bundle>) => async (id: string) => store.get(id) ?? null;

  it('walks from the head back to the first version, newest first', async () => {
    const store = await chain(4);
    const found = await lineage(newest(store).id, reader(store));
    expect(found.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(await lineage(newest(store).id, reader(store), 2)).toHaveLength(2);
    expect(await lineage('sha256-missing', reader(store))).toEqual([]);
  });

  it('stops at a missing parent', async () => {
    const store = await chain(4);
    const second = [...store.values()][1]!;
    store.delete(second.id);
    const found = await lineage(newest(store).id, reader(store));
    expect(found.map((v) => v.version)).toEqual([4, 3]);
  });

  it('stops where the chain loops', async () => {
    const a = { ...draftBundle(), id: 'a', parent: 'b', version: 2 };
    const b = { ...draftBundle(), id: 'b', parent: 'a', version: 1 };
    const store = new Map([
      ['a', a],
      ['b', b],
    ]);
    const found = await lineage('a', reader(store));
    expect(found.map((v) => v.id)).toEqual(['a', 'b']);
  });
});
