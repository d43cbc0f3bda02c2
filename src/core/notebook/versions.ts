/**
 * Versions of a local notebook. A version is an immutable bundle named by its content id; the
 * draft being edited carries its head version's lineage (id, parent, number) until it is saved
 * as the next version. Saving tidies the draft (tidyBundle: runs of deleted cells, unused
 * datasets and weights go) and checks it with validateBundle, so every version opens again.
 *
 * A notebook made here with New has no version until it is first saved: that save is version 1.
 * A fork (a student's own copy of a lesson) is the version after the lesson it copies.
 */
import { canonicalJson } from '../bundle/canonical';
import { contentId } from '../bundle/content-id';
import { BUNDLE_LIMITS, BUNDLE_TYPE, SCHEMA_VERSION, type Bundle } from '../bundle/schema';
import { ownBundleRefusal } from '../bundle/read-fields';
import { validateBundle } from '../bundle/validate';
import { tidyBundle } from './cells';
import { tooLongIn } from './typed-limits';

/** What a notebook is, apart from where it sits in its lineage and when and by what it was saved. */
export type NotebookContent = Pick<Bundle, 'notebook' | 'datasets' | 'runs' | 'weights'>;

export function contentOf(bundle: Bundle): NotebookContent {
  const { notebook, datasets, runs, weights } = bundle;
  return weights === undefined
    ? { notebook, datasets, runs }
    : { notebook, datasets, runs, weights };
}

/** Each piece's canonical JSON, by object: after an edit only what it replaced is encoded again. */
const encoded = new WeakMap<object, string>();

function encode(value: unknown): string {
  if (typeof value !== 'object' || value === null) return canonicalJson(value);
  let text = encoded.get(value);
  if (text === undefined) {
    text = canonicalJson(value);
    encoded.set(value, text);
  }
  return text;
}

export type ContentPiece = readonly [label: string, value: unknown];

/**
 * A notebook's content after tidyBundle, in pieces: its own fields, then each cell, dataset, run
 * and weight on its own, so two 20 MB notebooks can be compared a piece at a time.
 */
export function contentPieces(bundle: Bundle): ContentPiece[] {
  const { notebook, datasets, runs, weights } = contentOf(tidyBundle(bundle));
  const { cells, ...fields } = notebook;
  const keyed = (label: string, record: Readonly<Record<string, unknown>>): ContentPiece[] =>
    Object.keys(record)
      .sort()
      .map((key) => [`${label}:${key}`, record[key]] as const);
  return [
    ['notebook', canonicalJson(fields)],
    ['weights', weights !== undefined],
    ...cells.map((cell): ContentPiece => ['cell', cell]),
    ...keyed('dataset', datasets),
    ...runs.map((run): ContentPiece => ['run', run]),
    ...keyed('weight', weights ?? {}),
  ];
}

export const samePiece = (a: ContentPiece, b: ContentPiece | undefined): boolean =>
  b !== undefined && a[0] === b[0] && encode(a[1]) === encode(b[1]);

/**
 * Whether saving `b` over `a` would change what the notebook holds: compared after tidyBundle, so
 * what a save drops anyway (an unused dataset, the runs of a deleted cell) is no change.
 */
export function isSameContent(a: Bundle, b: Bundle): boolean {
  const left = contentPieces(a);
  const right = contentPieces(b);
  return left.length === right.length && left.every((piece, i) => samePiece(piece, right[i]));
}

/** Any well-formed id: validation checks the form, and the real one is computed after. */
const PLACEHOLDER_ID = `sha256-${'0'.repeat(64)}`;

/**
 * The draft's content as a version with this lineage, validated (which also normalises it, e.g.
 * fills in config defaults) and then named by its content id. Rejects with a TooLongError naming
 * the field when typed text is over the format's limits, else with the BundleError of
 * validateBundle (worded as the user's own notebook) when it could not be opened again.
 */
async function seal(
  draft: Bundle,
  parent: string | null,
  version: number,
  createdAt: Date,
  appVersion: string,
): Promise<Bundle> {
  const tidy = tidyBundle(draft);
  const tooLong = tooLongIn(tidy.notebook);
  if (tooLong !== null) throw tooLong;
  const checked = validateBundle(
    {
      ...tidy,
      type: BUNDLE_TYPE,
      schemaVersion: SCHEMA_VERSION,
      id: PLACEHOLDER_ID,
      parent,
      version,
      createdAt: createdAt.toISOString(),
      app: { ...tidy.app, version: appVersion },
    },
    { refuse: ownBundleRefusal },
  );
  if (!checked.ok) throw checked.error;
  return { ...checked.value, id: await contentId(checked.value) };
}

/** The draft saved as the version after `head`: parent head.id, number head.version + 1. */
export function nextVersion(
  head: Bundle,
  draft: Bundle,
  createdAt: Date,
  appVersion: string,
): Promise<Bundle> {
  return seal(draft, head.id, head.version + 1, createdAt, appVersion);
}

/** A brand-new notebook's first version: number 1, no parent. */
export function firstVersion(draft: Bundle, createdAt: Date, appVersion: string): Promise<Bundle> {
  return seal(draft, null, 1, createdAt, appVersion);
}

/** The draft saved as the version after `head`, or as the first when there is none yet. */
export const versionAfter = (
  head: Bundle | null,
  draft: Bundle,
  createdAt: Date,
  appVersion: string,
): Promise<Bundle> =>
  head === null
    ? firstVersion(draft, createdAt, appVersion)
    : nextVersion(head, draft, createdAt, appVersion);

const COPY_MARK = ' (my copy)';

/** `title` marked as a copy, cut by whole characters so the mark fits the title limit. */
export function copyTitle(title: string): string {
  let kept = '';
  for (const c of title) {
    if (kept.length + c.length + COPY_MARK.length > BUNDLE_LIMITS.titleLength) break;
    kept += c;
  }
  return `${kept.trimEnd()}${COPY_MARK}`;
}

/**
 * The first version of a copy of `lesson` holding `draft`'s content (what the student has made of
 * it), titled as a copy: the version after the lesson, so its lineage leads back to it.
 */
export const forkVersion = (
  lesson: Bundle,
  draft: Bundle,
  createdAt: Date,
  appVersion: string,
): Promise<Bundle> =>
  nextVersion(
    lesson,
    { ...draft, notebook: { ...draft.notebook, title: copyTitle(draft.notebook.title) } },
    createdAt,
    appVersion,
  );

/**
 * A draft holding `old`'s content in `head`'s lineage, so saving it makes version head.version + 1
 * with parent head.id: restoring adds to the history, never rewrites it.
 */
export function restoreAsDraft(old: Bundle, head: Bundle): Bundle {
  return {
    ...old,
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: head.id,
    parent: head.parent,
    version: head.version,
    createdAt: head.createdAt,
    app: head.app,
  };
}

/**
 * The versions from `headId` back through their parents, newest first: at most `max`, ending at
 * the first, at a parent `getVersion` does not have, or where the chain would loop.
 */
export async function lineage(
  headId: string,
  getVersion: (id: string) => Promise<Bundle | null>,
  max = 500,
): Promise<Bundle[]> {
  const out: Bundle[] = [];
  const seen = new Set<string>();
  for (let id: string | null = headId; id !== null && out.length < max && !seen.has(id);) {
    seen.add(id);
    const version = await getVersion(id);
    if (version === null) break;
    out.push(version);
    id = version.parent;
  }
  return out;
}
