import { describe, expect, it } from 'vitest';
import { buildReport, reportId } from '../vite-plugin-build-report';
import {
  BUILD_REPORT_VERSION,
  groupModules,
  htmlModuleScripts,
  initialChunks,
  packageOf,
  tfjsModules,
  type BuildReport,
  type ReportChunk,
} from './build-report';

function chunk(fileName: string, parts: Partial<ReportChunk> = {}): ReportChunk {
  return {
    fileName,
    isEntry: false,
    isDynamicEntry: false,
    facadeModuleId: null,
    imports: [],
    dynamicImports: [],
    bytes: 100,
    modules: [],
    ...parts,
  };
}

const report = (chunks: ReportChunk[]): BuildReport => ({
  version: BUILD_REPORT_VERSION,
  outDir: 'dist',
  chunks,
});

describe('htmlModuleScripts', () => {
  it('finds module scripts and module preloads, not classic scripts, styles or other hosts', () => {
    const html = `<!doctype html><head>
      <script type="module" crossorigin src="./assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/vendor-def.js">
      <link rel="stylesheet" href="./assets/index.css">
      <link rel='modulepreload' href=assets/shared-123.js>
      <script src="./legacy.js"></script>
      <script type="module" src="https://cdn.example/x.js"></script>
      <script type="module" src="./assets/index-abc.js?v=1"></script>
    </head>`;
    expect(htmlModuleScripts(html)).toEqual([
      'assets/index-abc.js',
      'assets/vendor-def.js',
      'assets/shared-123.js',
    ]);
  });
});

describe('initialChunks', () => {
  const chunks = [
    chunk('assets/index.js', {
      isEntry: true,
      imports: ['assets/react.js'],
      dynamicImports: ['assets/notebook.js'],
    }),
    chunk('assets/react.js', { imports: ['assets/shared.js'] }),
    chunk('assets/shared.js', { imports: ['assets/react.js'] }),
    chunk('assets/notebook.js', {
      isDynamicEntry: true,
      imports: ['assets/katex.js', 'assets/shared.js'],
    }),
    chunk('assets/katex.js'),
  ];

  it('follows static imports from the entry, through cycles, and leaves dynamic imports out', () => {
    const files = initialChunks(report(chunks), ['assets/index.js']).map((c) => c.fileName);
    expect(files).toEqual(['assets/index.js', 'assets/react.js', 'assets/shared.js']);
  });

  it('refuses a report that does not know a file the page loads (a stale report)', () => {
    expect(() => initialChunks(report(chunks), ['assets/index-new.js'])).toThrow(/stale/);
    const broken = [chunk('assets/index.js', { imports: ['assets/gone.js'] })];
    expect(() => initialChunks(report(broken), ['assets/index.js'])).toThrow(/assets\/gone\.js/);
  });
});

describe('modules', () => {
  const module = (id: string, renderedBytes: number) => ({
    id,
    renderedBytes,
    renderedGzipBytes: renderedBytes / 4,
  });
  const chunks = [
    chunk('assets/index.js', {
      modules: [
        module('node_modules/react-dom/cjs/react-dom-client.production.js', 500),
        module('src/features/train/TrainPanel.tsx', 30),
        module('src/features/model/LayerRow.tsx', 20),
        module('src/main.tsx', 1),
      ],
    }),
    chunk('assets/tf.js', {
      modules: [
        module('node_modules/@tensorflow/tfjs-core/dist/index.js', 900),
        module('node_modules/.pnpm/x/node_modules/@tensorflow/tfjs-layers/dist/index.js', 800),
      ],
    }),
  ];

  it('names the package of a module id, scoped and nested too', () => {
    expect(packageOf('node_modules/react-dom/index.js')).toBe('react-dom');
    expect(packageOf('node_modules/@tensorflow/tfjs-core/dist/ops.js')).toBe(
      '@tensorflow/tfjs-core',
    );
    expect(packageOf('node_modules/a/node_modules/b/index.js')).toBe('b');
    expect(packageOf('src/core/protocol.ts')).toBeNull();
  });

  it('finds TF.js modules, and only those', () => {
    expect(tfjsModules(chunks.slice(0, 1))).toEqual([]);
    expect(tfjsModules(chunks).map((m) => m.id)).toEqual([
      'node_modules/@tensorflow/tfjs-core/dist/index.js',
      'node_modules/.pnpm/x/node_modules/@tensorflow/tfjs-layers/dist/index.js',
    ]);
  });

  it('groups modules by package and by our top folders, largest first', () => {
    expect(
      groupModules(chunks.slice(0, 1)).map((g) => [g.name, g.renderedBytes, g.modules]),
    ).toEqual([
      ['react-dom', 500, 1],
      ['src/features', 50, 2],
      ['src/main.tsx', 1, 1],
    ]);
  });
});

describe('buildReport', () => {
  it('writes each chunk with its imports, root-relative module ids and sizes, assets left out', () => {
    const root = '/repo';
    const code = 'export const a = 1;\n'.repeat(50);
    const bundle = {
      'assets/index.js': {
        type: 'chunk',
        fileName: 'assets/index.js',
        isEntry: true,
        isDynamicEntry: false,
        facadeModuleId: '/repo/index.html',
        imports: ['assets/react.js'],
        dynamicImports: ['assets/lazy.js'],
        code: 'x'.repeat(1234),
        modules: {
          '/repo/src/main.tsx': { code: 'a', renderedLength: 1, renderedExports: [] },
          '\0vite/preload-helper.js': { code, renderedLength: code.length, renderedExports: [] },
          '/repo/node_modules/react-dom/client.js?commonjs-proxy': {
            code: null,
            renderedLength: 0,
            renderedExports: [],
          },
        },
      },
      'assets/index.css': { type: 'asset', fileName: 'assets/index.css', source: 'body{}' },
    };
    const result = buildReport(bundle as never, root, '/repo/dist');
    expect(result.outDir).toBe('dist');
    expect(result.chunks).toHaveLength(1);
    const [only] = result.chunks;
    expect(only).toMatchObject({
      fileName: 'assets/index.js',
      isEntry: true,
      facadeModuleId: 'index.html',
      imports: ['assets/react.js'],
      dynamicImports: ['assets/lazy.js'],
      bytes: 1234,
    });
    expect(only?.modules.map((m) => m.id)).toEqual([
      'virtual:vite/preload-helper.js',
      'src/main.tsx',
      'node_modules/react-dom/client.js',
    ]);
    expect(only?.modules[0]?.renderedBytes).toBe(code.length);
    expect(only?.modules[0]?.renderedGzipBytes).toBeLessThan(code.length);
  });

  it('keeps ids that are not paths as they are', () => {
    expect(reportId('react', '/repo')).toBe('react');
    expect(reportId('/repo/src/a.ts?worker_file&type=module', '/repo')).toBe('src/a.ts');
  });
});
