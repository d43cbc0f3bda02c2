/**
 * A Vite plugin that writes a report of the app's chunks after `vite build`: for each chunk its file,
 * whether it is an entry, the chunks it imports statically and dynamically, its size and its modules
 * (with their rendered sizes). scripts/check-build.ts reads it to find the page's initial JavaScript.
 *
 * The report goes to `dist/.vite/build-report.json` (beside Vite's own manifest folder). It is
 * written with fs after the bundle, not emitted into it, so the service worker's precache list
 * (scripts/vite-plugin-sw.ts: the bundle's files and public/) does not include it. Workers are built
 * apart (`worker.plugins`) and are not in it: the page's bundle only names their files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig, Rollup } from 'vite';
import {
  BUILD_REPORT_VERSION,
  gzipBytes,
  type BuildReport,
  type ReportChunk,
} from './lib/build-report.js';

export const BUILD_REPORT_FILE = '.vite/build-report.json';

/** Ids relative to the root with `/` separators; virtual modules (`\0...`) as `virtual:...`. */
export function reportId(id: string, root: string): string {
  const clean = id.replace(/[?#].*$/, '');
  if (clean.startsWith('\0')) return `virtual:${clean.slice(1)}`;
  if (!isAbsolute(clean)) return clean;
  return relative(root, clean).split(sep).join('/');
}

export function buildReport(
  bundle: Rollup.OutputBundle,
  root: string,
  outDir: string,
): BuildReport {
  const chunks: ReportChunk[] = [];
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue;
    const modules = Object.entries(output.modules).map(([id, module]) => ({
      id: reportId(id, root),
      renderedBytes: Buffer.byteLength(module.code ?? ''),
      renderedGzipBytes: module.code ? gzipBytes(module.code) : 0,
    }));
    modules.sort((a, b) => b.renderedBytes - a.renderedBytes);
    chunks.push({
      fileName: output.fileName,
      isEntry: output.isEntry,
      isDynamicEntry: output.isDynamicEntry,
      facadeModuleId: output.facadeModuleId === null ? null : reportId(output.facadeModuleId, root),
      imports: [...output.imports],
      dynamicImports: [...output.dynamicImports],
      bytes: Buffer.byteLength(output.code),
      modules,
    });
  }
  chunks.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  return {
    version: BUILD_REPORT_VERSION,
    outDir: relative(root, outDir).split(sep).join('/'),
    chunks,
  };
}

export function buildReportPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'gradlab:build-report',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    writeBundle(outputOptions, bundle) {
      const outDir = outputOptions.dir ?? resolve(config.root, config.build.outDir);
      const file = join(outDir, BUILD_REPORT_FILE);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(buildReport(bundle, config.root, outDir), null, 1)}\n`);
    },
  };
}
