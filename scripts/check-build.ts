/**
 * `npm run check:build` (part of `npm test`, after the build that `test:e2e` makes): checks the
 * page's initial JavaScript in dist/, i.e. each module script of dist/index.html and every chunk it
 * imports statically (dynamic imports and workers load later). It fails when
 *   - an initial chunk holds a module of TF.js (`node_modules/@tensorflow/`): TF.js belongs to the
 *     training worker, never to the page's first load;
 *   - the initial chunks, gzipped, pass INITIAL_JS_GZIP_LIMIT_BYTES;
 *   - a bundle with TF.js's gradient tape (the training worker) keeps a loop that
 *     scripts/vite-plugin-tfjs-for-in.ts rewrites, or no bundle has the tape: the plugin is not
 *     applied to the workers.
 * It prints each initial chunk (raw and gzip KB, KB = 1000 bytes as Vite prints them) and the
 * largest packages and modules in them, which shows what to split off. Reads the report that
 * scripts/vite-plugin-build-report.ts writes during the build (dist/.vite/build-report.json).
 *
 *   tsx scripts/check-build.ts [outDir]   (default dist)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BUILD_REPORT_VERSION,
  groupModules,
  gzipBytes,
  htmlModuleScripts,
  initialChunks,
  tfjsModules,
  type BuildReport,
} from './lib/build-report';
import { REPO_ROOT } from './lib/paths';
import { BUILD_REPORT_FILE } from './vite-plugin-build-report';
import { unrewrittenTfjsLoops } from './vite-plugin-tfjs-for-in';

/** The page's initial JavaScript, gzipped, at most (the issue's budget). */
export const INITIAL_JS_GZIP_LIMIT_BYTES = 200_000;
/** How many packages and modules the breakdown lists. */
const TOP = 12;

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const row = (cells: string[], widths: number[]) =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');

function fail(message: string): never {
  console.error(`check-build: ${message}`);
  process.exit(1);
}

const outDir = resolve(REPO_ROOT, process.argv[2] ?? 'dist');
const htmlFile = join(outDir, 'index.html');
const reportFile = join(outDir, BUILD_REPORT_FILE);
if (!existsSync(htmlFile) || !existsSync(reportFile)) {
  fail(`no ${existsSync(htmlFile) ? reportFile : htmlFile}: run \`npm run build\` first`);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as BuildReport;
if (report.version !== BUILD_REPORT_VERSION) {
  fail(
    `${reportFile} is version ${report.version}, this script reads ${BUILD_REPORT_VERSION}: rebuild`,
  );
}

const entries = htmlModuleScripts(readFileSync(htmlFile, 'utf8'));
if (entries.length === 0) fail(`${htmlFile} loads no module script`);
let chunks;
try {
  chunks = initialChunks(report, entries);
} catch (error) {
  fail(`${(error as Error).message}; rebuild`);
}

const sizes = chunks.map((chunk) => {
  const file = join(outDir, chunk.fileName);
  if (!existsSync(file))
    fail(`${chunk.fileName} is in the build report but not in ${outDir}: rebuild`);
  const bytes = readFileSync(file);
  if (bytes.length !== chunk.bytes) {
    fail(
      `${chunk.fileName} has ${bytes.length} bytes, the build report says ${chunk.bytes}: rebuild`,
    );
  }
  return { chunk, raw: bytes.length, gzip: gzipBytes(bytes) };
});
const total = {
  raw: sizes.reduce((s, x) => s + x.raw, 0),
  gzip: sizes.reduce((s, x) => s + x.gzip, 0),
};

console.log(
  `Initial JavaScript of ${join(report.outDir, 'index.html')} (static imports from its module scripts):`,
);
const widths = [Math.max(28, ...sizes.map((s) => s.chunk.fileName.length)), 10, 10];
console.log(row(['chunk', 'raw KB', 'gzip KB'], widths));
for (const { chunk, raw, gzip } of sizes)
  console.log(row([chunk.fileName, kb(raw), kb(gzip)], widths));
console.log(row(['total', kb(total.raw), kb(total.gzip)], widths));
console.log(`limit: ${kb(INITIAL_JS_GZIP_LIMIT_BYTES)} KB gzipped`);

const groups = groupModules(chunks);
const modules = chunks
  .flatMap((chunk) => chunk.modules)
  .sort((a, b) => b.renderedBytes - a.renderedBytes);
const gw = [Math.max(28, ...groups.slice(0, TOP).map((g) => g.name.length)), 12, 12, 8];
console.log(
  `\nLargest packages in it (rendered = tree-shaken, before minifying; gzip of each module alone):`,
);
console.log(row(['package or folder', 'rendered KB', '~gzip KB', 'modules'], gw));
for (const g of groups.slice(0, TOP)) {
  console.log(row([g.name, kb(g.renderedBytes), kb(g.renderedGzipBytes), String(g.modules)], gw));
}
const mw = [Math.max(28, ...modules.slice(0, TOP).map((m) => m.id.length)), 12, 12];
console.log(`\nLargest modules in it:`);
console.log(row(['module', 'rendered KB', '~gzip KB'], mw));
for (const m of modules.slice(0, TOP)) {
  console.log(row([m.id, kb(m.renderedBytes), kb(m.renderedGzipBytes)], mw));
}

const problems: string[] = [];
const tf = tfjsModules(chunks);
if (tf.length > 0) {
  const shown = tf.slice(0, 5).map((m) => `  ${m.chunk}: ${m.id}`);
  problems.push(
    [
      `TF.js is in the page's initial JavaScript (${tf.length} modules), but it belongs to the training worker:`,
      ...shown,
      ...(tf.length > shown.length ? [`  ... and ${tf.length - shown.length} more`] : []),
      'Find the page module that imports src/engine or @tensorflow/* (npm run lint names it).',
    ].join('\n'),
  );
}
if (total.gzip > INITIAL_JS_GZIP_LIMIT_BYTES) {
  problems.push(
    `the initial JavaScript is ${kb(total.gzip)} KB gzipped, over the ${kb(INITIAL_JS_GZIP_LIMIT_BYTES)} KB limit ` +
      `(INITIAL_JS_GZIP_LIMIT_BYTES in scripts/check-build.ts): load more of it with import() (React.lazy routes), ` +
      'starting with the largest packages above.',
  );
}
// Built unminified (vite.config.ts's `worker`), so the tape keeps its function names and loops.
const tapeBundles = readdirSync(join(outDir, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => ({ name, code: readFileSync(join(outDir, 'assets', name), 'utf8') }))
  .filter(({ code }) => code.includes('function getFilteredNodesXToY('));
if (tapeBundles.length === 0) {
  problems.push(
    "no bundle in assets/ has TF.js's gradient tape (`getFilteredNodesXToY`): is the training " +
      'worker still built unminified?',
  );
}
for (const { name, code } of tapeBundles) {
  const left = unrewrittenTfjsLoops(code);
  if (left.length > 0) {
    problems.push(
      `${name} keeps TF.js's loops \`${left.join('`, `')}\`, which V8 re-optimizes without end: ` +
        "add tfjsForInPlugin() to vite.config.ts's `worker.plugins`.",
    );
  }
}
if (problems.length > 0) {
  console.error('');
  for (const problem of problems) console.error(`check-build: FAIL: ${problem}`);
  process.exit(1);
}
console.log(
  `\ncheck-build: ok (${kb(total.gzip)} KB gzipped, no TF.js; the tape's loops rewritten in ` +
    `${tapeBundles.map((b) => b.name).join(', ')})`,
);
