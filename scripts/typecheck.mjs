/**
 * `npm run typecheck`: one `tsc -p` per side, each with its own globals (see tsconfig.base.json):
 * core without DOM, engine and workers with WebWorker, the page with DOM, the service worker with
 * WebWorker, and the Node side (tests, scripts, e2e, config files). They run side by side, as many
 * at once as there are cores, largest first; each is incremental (its .tsbuildinfo is kept under
 * node_modules/.cache/tsc), so a second run checks only what changed. Prints each side's time and
 * its errors; exits non-zero when any side has errors.
 *
 *   node scripts/typecheck.mjs            all sides
 *   node scripts/typecheck.mjs core page  only those
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Largest first, so the longest check starts at once. */
const SIDES = [
  { name: 'node', project: 'tsconfig.json' },
  { name: 'page', project: 'src/tsconfig.json' },
  { name: 'engine', project: 'src/engine/tsconfig.json' },
  { name: 'core', project: 'src/core/tsconfig.json' },
  { name: 'workers', project: 'workers/tsconfig.json' },
  { name: 'sw', project: 'src/sw/tsconfig.json' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SIDES.some((side) => side.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown side(s): ${unknown.join(', ')}. Sides: ${SIDES.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
const sides = wanted.length === 0 ? SIDES : SIDES.filter((side) => wanted.includes(side.name));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/** @param {{ name: string, project: string }} side */
function check(side) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', side.project, '--pretty', 'false'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({ ...side, ok: code === 0, output: output.trim(), seconds });
    });
  });
}

const started = performance.now();
const queue = [...sides];
const results = [];
const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  for (let side = queue.shift(); side !== undefined; side = queue.shift()) {
    const result = await check(side);
    results.push(result);
    console.log(
      `${result.ok ? 'ok  ' : 'FAIL'} ${result.name.padEnd(8)} ${result.project.padEnd(26)} ${result.seconds.toFixed(1)} s`,
    );
    if (result.output !== '') console.log(result.output);
  }
});
await Promise.all(workers);

const failed = results.filter((result) => !result.ok);
const total = ((performance.now() - started) / 1000).toFixed(1);
if (failed.length > 0) {
  console.log(`typecheck: errors in ${failed.map((r) => r.name).join(', ')} (${total} s)`);
  process.exit(1);
}
console.log(`typecheck: ${results.length} sides clean in ${total} s`);
