/**
 * The shipped lessons. Their index is built into the page (public/lessons/index.json, made by
 * scripts/build-lessons.ts), so the gallery is there at the first paint instead of moving the
 * page when it arrives; each lesson is read from the app's own `lessons/` folder (precached for
 * offline use) when it is opened. Both are checked like any other input: a lesson is a bundle and
 * passes the same validation as a link.
 */
import type { Bundle } from '../../core/bundle/schema';
import { validateBundle } from '../../core/bundle/validate';
import { parseLessonIndex, type LessonEntry } from '../../core/notebook/lessons-index';
import { err, ok, type Result } from '../../core/result';
import shippedIndex from '../../../public/lessons/index.json';

export class LessonLoadError extends Error {
  readonly code = 'lesson-load' as const;
  override readonly name = 'LessonLoadError';
}

const LESSONS = './lessons/';

async function fetchJson(file: string): Promise<Result<unknown, LessonLoadError>> {
  try {
    const response = await fetch(`${LESSONS}${file}`);
    if (!response.ok) {
      return err(
        new LessonLoadError(`The lesson file ${file} is missing (HTTP ${response.status}).`),
      );
    }
    return ok((await response.json()) as unknown);
  } catch {
    return err(
      new LessonLoadError(
        `The lesson file ${file} could not be read. Check your connection and reload the page.`,
      ),
    );
  }
}

export function lessonIndex(): Result<LessonEntry[], LessonLoadError> {
  const parsed = parseLessonIndex(shippedIndex);
  return parsed.ok
    ? parsed
    : err(new LessonLoadError(`The list of lessons is damaged: ${parsed.error.message}`));
}

export async function loadLesson(slug: string): Promise<Result<Bundle, LessonLoadError>> {
  const index = lessonIndex();
  if (!index.ok) return index;
  const entry = index.value.find((e) => e.slug === slug);
  if (entry === undefined) return err(new LessonLoadError(`There is no lesson called "${slug}".`));
  const json = await fetchJson(entry.file);
  if (!json.ok) return json;
  const bundle = validateBundle(json.value);
  return bundle.ok
    ? bundle
    : err(new LessonLoadError(`The lesson "${entry.title}" is damaged: ${bundle.error.message}`));
}
