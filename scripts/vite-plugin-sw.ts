/**
 * A Vite plugin that builds the service worker (`src/sw/service-worker.ts`) into `dist/sw.js`
 * once the app is written. The worker gets the list of files to precache, every file the build
 * emitted (html, js, css, workers, wasm) and everything copied from `public/` (manifest, icons,
 * datasets, lessons), and a build id hashed from those files' names and bytes. The id names the
 * cache, so a new build changes sw.js and the browser sees an update. Build only: `vite` (dev)
 * serves no sw.js, and the page registers none there.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';

export interface PrecacheFile {
  /** Relative to the output folder, with `/` separators. */
  path: string;
  bytes: Uint8Array;
}

export interface PrecacheManifest {
  buildId: string;
  /** Sorted, relative to the service worker's scope (the output folder). */
  paths: string[];
}

export interface ServiceWorkerOptions {
  /** The worker's source, relative to the project root. */
  entry: string;
  /** Where it goes in the output folder; the page registers `./sw.js`. */
  fileName?: string;
}

const BUILD_ID_LENGTH = 16;

/** Source maps are never fetched by the app; the worker does not cache itself. */
export function isPrecached(path: string, swFileName: string): boolean {
  return path !== swFileName && !path.endsWith('.map');
}

/** The same files with the same bytes give the same id, whatever order they come in. */
export function precacheManifest(files: readonly PrecacheFile[]): PrecacheManifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of sorted) {
    hash.update(`${file.path}\0${createHash('sha256').update(file.bytes).digest('hex')}\n`);
  }
  return {
    buildId: hash.digest('hex').slice(0, BUILD_ID_LENGTH),
    paths: sorted.map((file) => file.path),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** The worker as one classic script (module service workers are not in every browser yet). */
async function bundleWorker(
  config: ResolvedConfig,
  entry: string,
  manifest: PrecacheManifest,
): Promise<string> {
  const result = await build({
    configFile: false,
    root: config.root,
    mode: config.mode,
    logLevel: 'warn',
    publicDir: false,
    define: {
      __GRADLAB_PRECACHE__: JSON.stringify(manifest.paths),
      __GRADLAB_BUILD_ID__: JSON.stringify(manifest.buildId),
    },
    build: {
      write: false,
      target: config.build.target,
      sourcemap: false,
      lib: { entry: resolve(config.root, entry), formats: ['iife'], name: 'gradlabServiceWorker' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`building the service worker from ${entry} produced no script`);
}

export function serviceWorkerPlugin(options: ServiceWorkerOptions): Plugin {
  const fileName = options.fileName ?? 'sw.js';
  let config: ResolvedConfig;
  return {
    name: 'gradlab:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler(outputOptions, bundle) {
        const outDir = outputOptions.dir ?? resolve(config.root, config.build.outDir);
        // The public folder was copied into outDir before the bundle was written.
        const fromPublic =
          config.build.copyPublicDir && config.publicDir ? filesUnder(config.publicDir) : [];
        const paths = [...new Set([...Object.keys(bundle), ...fromPublic])].filter((path) =>
          isPrecached(path, fileName),
        );
        const manifest = precacheManifest(
          paths.map((path) => ({ path, bytes: readFileSync(join(outDir, path)) })),
        );
        writeFileSync(join(outDir, fileName), await bundleWorker(config, options.entry, manifest));
        config.logger.info(
          `service worker: ${fileName} precaches ${manifest.paths.length} files (build ${manifest.buildId})`,
        );
      },
    },
  };
}
