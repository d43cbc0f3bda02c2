/**
 * The gallery of shipped lessons (public/lessons/index.json, written by scripts/build-lessons.ts)
 * as the app reads it. The file comes over the network like any other, so it is parsed, never
 * trusted: slugs and file names are plain lower-case words (a file name can only point inside
 * public/lessons/), texts are capped and clean, and a broken entry refuses the whole index rather
 * than showing a gallery with a hole in it. Fields a newer build adds are dropped.
 */
import * as v from 'valibot';
import { textFault } from '../bundle/canonical';
import { BUNDLE_LIMITS } from '../bundle/schema';
import { GradlabError } from '../errors';
import { err, ok, type Result } from '../result';

export const LESSON_LEVELS = ['beginner', 'intermediate'] as const;
export type LessonLevel = (typeof LESSON_LEVELS)[number];

export interface LessonEntry {
  slug: string;
  /** The bundle's file name, relative to the index (`lessons/<file>` from the app's root). */
  file: string;
  title: string;
  summary: string;
  level: LessonLevel;
  /** About how long the lesson takes a student. */
  minutes: number;
  /** The size of the lesson's inline link without weights. */
  linkBytes: number;
}

export const LESSON_INDEX_LIMITS = {
  entries: 100,
  titleLength: BUNDLE_LIMITS.titleLength,
  summaryLength: 500,
  minutes: 240,
  /** Far above the 4 KB a shipped lesson's link is held to; a bigger number is a broken index. */
  linkBytes: 1024 * 1024,
} as const;

export const LESSON_SLUG = /^[a-z0-9-]{1,64}$/;
export const LESSON_FILE = /^[a-z0-9-]{1,64}\.json$/;

/** The lesson index is not a list of lessons this app can show. */
export class LessonIndexError extends GradlabError<'invalid-lesson-index'> {
  readonly code = 'invalid-lesson-index';
  override readonly name = 'LessonIndexError';
}

const L = LESSON_INDEX_LIMITS;

const cleanText = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((text) => textFault(text) === null, 'holds a NUL or a lone surrogate'),
  );

const whole = (max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max, `must be at most ${max}`));

const EntrySchema = v.object({
  slug: v.pipe(v.string(), v.regex(LESSON_SLUG, 'must be 1-64 of a-z, 0-9 and -')),
  file: v.pipe(v.string(), v.regex(LESSON_FILE, 'must be a-z, 0-9 and - ending in .json')),
  title: cleanText(L.titleLength),
  summary: cleanText(L.summaryLength),
  level: v.picklist(LESSON_LEVELS),
  minutes: v.pipe(whole(L.minutes), v.minValue(1)),
  linkBytes: whole(L.linkBytes),
});

const IndexSchema = v.pipe(
  v.array(EntrySchema),
  v.maxLength(L.entries, `holds more than ${L.entries} lessons`),
  v.check(
    (entries) => new Set(entries.map((entry) => entry.slug)).size === entries.length,
    'names a slug twice',
  ),
);

/** The gallery's entries in teaching order, or why the index cannot be shown. Never throws. */
export function parseLessonIndex(json: unknown): Result<LessonEntry[], LessonIndexError> {
  let result: ReturnType<typeof v.safeParse<typeof IndexSchema>>;
  try {
    result = v.safeParse(IndexSchema, json);
  } catch {
    // Only exotic objects (a Proxy whose traps throw) get here; parsed JSON never does.
    return err(new LessonIndexError('The lesson list is not plain JSON data.'));
  }
  if (result.success) return ok(result.output);
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return err(
    new LessonIndexError(
      `The lesson list is damaged${path ? ` at ${path}` : ''}: ${issue.message}. ` +
        'Reload the page; if it stays, the lessons will be back with the next update.',
    ),
  );
}
