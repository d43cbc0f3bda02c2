import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { contentId, CONTENT_ID, verifyContentId } from './content-id';
import v1 from './fixtures/v1.json';

const jsonArb = fc
  .jsonValue({ maxDepth: 3 })
  .map((value) => JSON.parse(canonicalJson(value)) as unknown);
const recordArb = fc.dictionary(fc.string({ maxLength: 6 }), jsonArb, { minKeys: 1, maxKeys: 5 });

/** The same object with its own keys inserted in reverse order, at every depth. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [key, item] of Object.entries(value).reverse()) {
    Object.defineProperty(out, key, {
      value: reversed(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe('contentId', () => {
  it('is sha256- and the hex SHA-256 of the UTF-8 of the canonical JSON without id', async () => {
    const bundle = { id: 'sha256-old', title: 'é', n: 1 };
    const expected = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode('{"n":1,"title":"é"}'),
    );
    const hex = Array.from(new Uint8Array(expected), (b) => b.toString(16).padStart(2, '0')).join(
      '',
    );
    expect(await contentId(bundle)).toBe(`sha256-${hex}`);
    expect(await contentId(bundle)).toMatch(CONTENT_ID);
    expect(await contentId({ title: 'é', n: 1 })).toBe(await contentId(bundle));
  });

  it('is stable under key order', async () => {
    await fc.assert(
      fc.asyncProperty(recordArb, async (record) => {
        expect(await contentId(reversed(record) as object)).toBe(await contentId(record));
      }),
      { numRuns: 100 },
    );
  });

  it('changes when any value or key changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordArb,
        fc.string({ maxLength: 6 }),
        jsonArb,
        async (record, key, value) => {
          const changed = { ...record, [key]: value };
          fc.pre(canonicalJson(changed) !== canonicalJson(record));
          expect(await contentId(changed)).not.toBe(await contentId(record));
        },
      ),
      { numRuns: 100 },
    );
    const renamed = { ...v1, notebook: { ...v1.notebook, title: `${v1.notebook.title}.` } };
    expect(await contentId(renamed)).not.toBe(await contentId(v1));
  });
});

describe('verifyContentId', () => {
  it('accepts the fixture, whose id names its content as published', async () => {
    expect(await verifyContentId(v1)).toEqual({ ok: true, value: v1.id });
  });

  it('refuses an id that does not match the content, or no id at all', async () => {
    const edited = await verifyContentId({ ...v1, version: 2 });
    expect(edited.ok === false && edited.error.reason).toBe('id-mismatch');
    expect(edited.ok === false && edited.error.message).toMatch(/changed after it was saved/);
    const missing = await verifyContentId({ title: 'x' });
    expect(missing.ok === false && missing.error.message).toMatch(/no valid id/);
    const unencodable = await verifyContentId({ id: v1.id, n: NaN });
    expect(unencodable.ok === false && unencodable.error.reason).toBe('not-json');
  });
});
