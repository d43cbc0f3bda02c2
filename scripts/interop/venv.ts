/**
 * The Keras check's Python: a virtual environment under .cache/keras-venv (gitignored) with the
 * pinned packages of requirements.txt beside this file. It is made once and reused while its stamp
 * (the requirements' and the interpreter's SHA-256) matches; any change rebuilds it from scratch.
 *
 * pip always gets `--retries 0 --timeout 5`: on machines whose pip is configured with a local
 * mirror and an unreachable default index, pip would otherwise retry that index for minutes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/paths';

export const REQUIREMENTS = join(REPO_ROOT, 'scripts/interop/requirements.txt');
export const VENV_DIR = join(REPO_ROOT, '.cache/keras-venv');
const STAMP_FILE = 'gradlab-stamp';

export interface Venv {
  python: string;
  /** Whether this call built it (else an up-to-date one was reused). */
  built: boolean;
  seconds: number;
}

/** `python3 --version`'s answer, or null when there is no python3 on the PATH. */
export function pythonVersion(python = 'python3'): string | null {
  const result = spawnSync(python, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? (result.stdout || result.stderr).trim() : null;
}

/** What a venv built from these requirements by this interpreter is stamped with. */
export function venvStamp(requirements: string, interpreter: string): string {
  return createHash('sha256').update(requirements).update('\0').update(interpreter).digest('hex');
}

/** Whether the venv in `dir` was built with `stamp` and still has its interpreter. */
export function isUpToDate(dir: string, stamp: string): boolean {
  const stampPath = join(dir, STAMP_FILE);
  return (
    existsSync(join(dir, 'bin/python')) &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8').trim() === stamp
  );
}

/** Runs a command quietly (pip warns about every mirror it skips); its output shows on failure. */
function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? 'signal'}):\n` +
        `${result.stdout}${result.stderr}`,
    );
  }
}

/** The venv's python, built (or rebuilt) first when its stamp does not match. */
export function ensureVenv(python = 'python3', dir = VENV_DIR): Venv {
  const started = performance.now();
  const interpreter = spawnSync(python, ['-c', 'import sys; print(sys.version)'], {
    encoding: 'utf8',
  }).stdout;
  const stamp = venvStamp(readFileSync(REQUIREMENTS, 'utf8'), interpreter);
  const venvPython = join(dir, 'bin/python');
  if (isUpToDate(dir, stamp)) return { python: venvPython, built: false, seconds: 0 };
  console.log(`Building the Keras check's Python environment in ${dir} (pinned: ${REQUIREMENTS})`);
  rmSync(dir, { recursive: true, force: true });
  const venv = spawnSync(python, ['-m', 'venv', dir], { encoding: 'utf8' });
  if (venv.status !== 0) {
    throw new Error(
      `${python} cannot create a virtual environment (${venv.stderr.trim()}). On Debian or ` +
        'Ubuntu, install python3-venv (`apt-get install python3-venv`).',
    );
  }
  run(venvPython, [
    '-m',
    'pip',
    'install',
    '--retries',
    '0',
    '--timeout',
    '5',
    '--disable-pip-version-check',
    '--quiet',
    '-r',
    REQUIREMENTS,
  ]);
  // Written last: an install that fails half-way leaves no stamp, so the next run starts over.
  writeFileSync(join(dir, STAMP_FILE), `${stamp}\n`);
  return { python: venvPython, built: true, seconds: (performance.now() - started) / 1000 };
}
