/**
 * Builds the shipped lessons (scripts/lessons/) into public/lessons/: one bundle per lesson,
 * `<slug>.json` in canonical JSON, and `index.json`, the gallery, in teaching order.
 *
 * Every experiment is trained here, on the TF.js cpu backend in Node with the app's own
 * TrainingSession, and kept in the bundle as the author's recorded run. A lesson whose run breaks
 * a promise its text makes, or whose link passes the 4 KB budget, fails the build and nothing is
 * written. The output is committed; rerun after editing a lesson.
 *
 * Usage: npx tsx scripts/build-lessons.ts            build and write every lesson
 *        npx tsx scripts/build-lessons.ts --dry [slug ...]   train and report only
 */
import { join } from 'node:path';
import { canonicalJson } from '../src/core/bundle/canonical';
import type { LessonEntry } from '../src/core/notebook/lessons-index';
import { LESSONS } from './lessons/catalog';
import { buildLesson, describeRun } from './lessons/build';
import { writeOutput } from './lib/outputs';
import { REPO_ROOT } from './lib/paths';

const OUT_DIR = join(REPO_ROOT, 'public/lessons');
const args = process.argv.slice(2);
const dry = args.includes('--dry');
const only = args.filter((arg) => !arg.startsWith('--'));
const chosen = only.length === 0 ? LESSONS : LESSONS.filter((l) => only.includes(l.slug));
if (chosen.length < only.length) throw new Error(`Unknown lesson in ${only.join(', ')}`);
if (only.length > 0 && !dry)
  throw new Error('Choose lessons with --dry only: the index lists all.');

const built = [];
for (const source of chosen) {
  const lesson = await buildLesson(source);
  for (const line of lesson.report.map(describeRun)) console.log(`${source.slug} ${line}`);
  console.log(`${source.slug} link ${lesson.entry.linkBytes} B`);
  built.push(lesson);
}
const broken = built.flatMap((lesson) => lesson.problems);
if (broken.length > 0) {
  console.error(broken.join('\n'));
  process.exit(1);
}
if (!dry) {
  for (const lesson of built) {
    writeOutput(join(OUT_DIR, lesson.entry.file), canonicalJson(lesson.bundle));
  }
  const index: LessonEntry[] = built.map((lesson) => lesson.entry);
  writeOutput(join(OUT_DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${built.length} lesson(s) to public/lessons/`);
}
