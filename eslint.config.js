import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Import boundaries: the arrows between the sides point one way (../shared/DESIGN.md, "Layout").
 * features -> store/storage/core, workers -> engine -> core, never core -> anything else, never a
 * page module -> engine. Each restriction is a regular expression on the import's specifier
 * (packages by name; folders by a path segment of a relative specifier) and a message that says
 * what it protects. Every kind of import counts: `import type` and `export ... from` (through
 * no-restricted-imports), `import()` and `import('...')` types (through no-restricted-syntax).
 * scripts/lint-rules.test.ts shows each one firing.
 */
const folder = (name) => `^\\.{1,2}/(?:.*/)?${name}(?:/|$)`;
const pkg = (name) => `^${name}(?:/|$)`;

const TRAINS_ONLY =
  'TF.js only where it trains: the page and core never load it; it is imported in src/engine, which only workers, Node tests, scripts and e2e use.';
const CORE_IS_PURE =
  'core is pure TypeScript that runs in Node tests, in workers and on the page: it imports nothing but core and pure libraries';
const STORAGE_IS_SHARED =
  'src/storage is shared by the page and the workers: it may not import page modules, the engine or React';
const WORKERS_HAVE_NO_PAGE =
  'workers and src/engine run without the page: they may not import page modules or React (share code through src/core)';

const R = {
  tf: { regex: pkg('@tensorflow'), message: TRAINS_ONLY },
  engine: {
    regex: folder('engine'),
    message: `${TRAINS_ONLY} Reach training through the worker protocol (src/core/protocol.ts).`,
  },
  zustand: {
    regex: pkg('zustand'),
    message: 'One bound store: only src/store imports zustand; features declare slices.',
  },
  // core
  coreReact: { regex: pkg('react(?:-dom)?'), message: `${CORE_IS_PURE} (no React).` },
  coreIdb: {
    regex: pkg('(?:idb|fake-indexeddb)'),
    message: `${CORE_IS_PURE} (no IndexedDB: that is src/storage).`,
  },
  coreStorage: { regex: folder('storage'), message: `${CORE_IS_PURE} (not src/storage).` },
  coreFeatures: { regex: folder('features'), message: `${CORE_IS_PURE} (not src/features).` },
  coreStore: { regex: folder('store'), message: `${CORE_IS_PURE} (not src/store).` },
  coreApp: { regex: folder('app'), message: `${CORE_IS_PURE} (not src/app).` },
  coreWorkers: { regex: folder('workers'), message: `${CORE_IS_PURE} (not workers/).` },
  // storage
  storageFeatures: { regex: folder('features'), message: `${STORAGE_IS_SHARED} (src/features).` },
  storageStore: { regex: folder('store'), message: `${STORAGE_IS_SHARED} (src/store).` },
  storageApp: { regex: folder('app'), message: `${STORAGE_IS_SHARED} (src/app).` },
  storageReact: { regex: pkg('react(?:-dom)?'), message: `${STORAGE_IS_SHARED} (React).` },
  // engine and workers
  workerFeatures: { regex: folder('features'), message: `${WORKERS_HAVE_NO_PAGE} (src/features).` },
  workerStore: { regex: folder('store'), message: `${WORKERS_HAVE_NO_PAGE} (src/store).` },
  workerApp: { regex: folder('app'), message: `${WORKERS_HAVE_NO_PAGE} (src/app).` },
  workerReact: { regex: pkg('react(?:-dom)?'), message: `${WORKERS_HAVE_NO_PAGE} (React).` },
};

const SOURCES = '*.{ts,tsx,js,mjs}';
/** Where each set of restrictions holds. The first covers every file; a later zone wins over it. */
const ZONES = [
  { files: [`**/${SOURCES}`], rules: [R.zustand] },
  {
    // The page (and its service worker): everything but src/store, which alone imports zustand.
    files: [
      `src/app/**/${SOURCES}`,
      `src/features/**/${SOURCES}`,
      `src/sw/**/${SOURCES}`,
      `src/${SOURCES}`,
    ],
    rules: [R.tf, R.engine, R.zustand],
  },
  { files: [`src/store/**/${SOURCES}`], rules: [R.tf, R.engine] },
  {
    files: [`src/storage/**/${SOURCES}`],
    rules: [
      R.tf,
      R.engine,
      R.zustand,
      R.storageFeatures,
      R.storageStore,
      R.storageApp,
      R.storageReact,
    ],
  },
  {
    files: [`src/core/**/${SOURCES}`],
    rules: [
      R.tf,
      R.engine,
      R.zustand,
      R.coreReact,
      R.coreIdb,
      R.coreStorage,
      R.coreFeatures,
      R.coreStore,
      R.coreApp,
      R.coreWorkers,
    ],
  },
  {
    files: [`src/engine/**/${SOURCES}`, `workers/**/${SOURCES}`],
    rules: [R.zustand, R.workerFeatures, R.workerStore, R.workerApp, R.workerReact],
  },
];

/** Node tests may import TF.js and src/engine wherever they sit; the zone's other arrows hold. */
const TESTS = '**/*.test.ts';
const inTests = (rules) => rules.filter((rule) => rule !== R.tf && rule !== R.engine);

function boundaryRules(rules) {
  const dynamic = rules.flatMap(({ regex, message }) => {
    const re = `/${new RegExp(regex).source}/`;
    return [
      { selector: `ImportExpression[source.value=${re}]`, message },
      { selector: `TSImportType[source.value=${re}]`, message },
    ];
  });
  return {
    'no-restricted-imports': [
      'error',
      { patterns: rules.map(({ regex, message }) => ({ regex, message })) },
    ],
    'no-restricted-syntax': ['error', ...dynamic],
  };
}

const boundaries = ZONES.flatMap((zone, index) => [
  { name: `gradlab/boundaries/${index}`, files: zone.files, rules: boundaryRules(zone.rules) },
  {
    name: `gradlab/boundaries/${index}/tests`,
    files: zone.files.map((glob) => [glob, TESTS]),
    rules: boundaryRules(inTests(zone.rules)),
  },
]);

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
      // The Keras check's virtual environment and work files (scripts/interop/), and the one the
      // bench's Keras reference suggests (README, "The CPU path").
      '.cache/',
      '.venv-keras/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    // Tests may assert what they just checked exists.
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
