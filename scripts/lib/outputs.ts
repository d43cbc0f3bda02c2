/**
 * Writing generated files: skip when every output is newer than every input (inputs include the
 * generator code, so editing a generator rebuilds), write atomically (a temp file renamed into
 * place, so an interrupted build never leaves a truncated file that looks fresh), report sizes.
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from './paths';

export function isUpToDate(outputs: readonly string[], inputs: readonly string[]): boolean {
  const newestInput = Math.max(...inputs.map((path) => statSync(path).mtimeMs));
  return outputs.every((path) => {
    try {
      return statSync(path).mtimeMs >= newestInput;
    } catch {
      return false;
    }
  });
}

/** Source files under `dir` (recursively), tests excluded: the code a generated output depends on. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

export function writeOutput(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

export function report(path: string, verb: 'wrote' | 'up to date'): string {
  return `${verb.padEnd(10)} ${relative(REPO_ROOT, path)} (${formatSize(statSync(path).size)})`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
