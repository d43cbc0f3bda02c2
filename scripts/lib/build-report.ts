/**
 * The build report (written by scripts/vite-plugin-build-report.ts) and what scripts/check-build.ts
 * reads from it: which chunks the page loads before it can run (the "initial JavaScript": each
 * module script of index.html and every chunk those import statically, not dynamic imports, not
 * workers), their sizes, and the modules in them.
 */
import { gzipSync } from 'node:zlib';

export const BUILD_REPORT_VERSION = 1;

export interface ReportModule {
  /** Relative to the project root (`node_modules/react-dom/...`, `src/main.tsx`); virtual ids start with `virtual:`. */
  id: string;
  /** Bytes of the module's code as rendered into the chunk: tree-shaken, not yet minified. */
  renderedBytes: number;
  /** The same code gzipped on its own: a guide to its share of the chunk, not an exact part. */
  renderedGzipBytes: number;
}

export interface ReportChunk {
  /** Relative to the output folder, as index.html and the imports name it. */
  fileName: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  /** Relative to the project root, or null for a shared chunk. */
  facadeModuleId: string | null;
  /** Chunks this one imports statically: they load before it runs. */
  imports: string[];
  /** Chunks this one loads with import(): not part of the initial load. */
  dynamicImports: string[];
  /** Bytes of the chunk as written (minified). */
  bytes: number;
  /** Largest first. */
  modules: ReportModule[];
}

export interface BuildReport {
  version: number;
  /** The output folder, relative to the project root. */
  outDir: string;
  chunks: ReportChunk[];
}

/** Every file index.html loads as a module script or preloads as a module, in document order. */
export function htmlModuleScripts(html: string): string[] {
  const files: string[] = [];
  for (const match of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const tag = match[0];
    const attr = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
        .exec(tag)
        ?.slice(1)
        .find((value) => value !== undefined);
    const isScript = match[1]?.toLowerCase() === 'script';
    const url = isScript
      ? attr('type') === 'module'
        ? attr('src')
        : undefined
      : attr('rel') === 'modulepreload'
        ? attr('href')
        : undefined;
    if (url === undefined || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) continue;
    const file = url.replace(/^\.?\//, '').replace(/[?#].*$/, '');
    if (!files.includes(file)) files.push(file);
  }
  return files;
}

/**
 * The chunks index.html's module scripts load before the page runs: those scripts and, transitively,
 * every chunk they import statically. Throws when the report does not know a file (a stale report).
 */
export function initialChunks(report: BuildReport, entryFiles: readonly string[]): ReportChunk[] {
  const byFile = new Map(report.chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Map<string, ReportChunk>();
  const visit = (fileName: string, from: string) => {
    if (seen.has(fileName)) return;
    const chunk = byFile.get(fileName);
    if (chunk === undefined) {
      throw new Error(
        `${from} loads ${fileName}, which the build report does not list: the report is stale or from another build`,
      );
    }
    seen.set(fileName, chunk);
    for (const imported of chunk.imports) visit(imported, fileName);
  };
  for (const file of entryFiles) visit(file, 'index.html');
  return [...seen.values()];
}

export const TFJS_MODULE = /(^|\/)node_modules\/@tensorflow\//;

/** Modules of TF.js in the given chunks, with the chunk that holds each. */
export function tfjsModules(chunks: readonly ReportChunk[]): { chunk: string; id: string }[] {
  return chunks.flatMap((chunk) =>
    chunk.modules
      .filter((module) => TFJS_MODULE.test(module.id))
      .map((module) => ({ chunk: chunk.fileName, id: module.id })),
  );
}

/** The package a module id belongs to (`react-dom`, `@tensorflow/tfjs-core`), or null for our own. */
export function packageOf(id: string): string | null {
  // The last node_modules segment names the package (nested installs).
  const matches = [...id.matchAll(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return matches.at(-1)?.[1] ?? null;
}

export interface Group {
  name: string;
  renderedBytes: number;
  renderedGzipBytes: number;
  modules: number;
}

/**
 * The initial chunks' modules grouped by package (our own code by its top folders, `src/features`,
 * `src/core`...), largest rendered size first.
 */
export function groupModules(chunks: readonly ReportChunk[]): Group[] {
  const groups = new Map<string, Group>();
  for (const module of chunks.flatMap((chunk) => chunk.modules)) {
    const name =
      packageOf(module.id) ??
      module.id
        .split('/')
        .slice(0, module.id.startsWith('src/') ? 2 : 1)
        .join('/');
    const group = groups.get(name) ?? { name, renderedBytes: 0, renderedGzipBytes: 0, modules: 0 };
    group.renderedBytes += module.renderedBytes;
    group.renderedGzipBytes += module.renderedGzipBytes;
    group.modules += 1;
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => b.renderedBytes - a.renderedBytes);
}

/** Gzipped size at zlib's default level, as a server compressing on the fly sends it. */
export function gzipBytes(data: string | Uint8Array): number {
  return gzipSync(data).length;
}
