/**
 * The import boundaries of eslint.config.js, each shown firing on a snippet placed at a path of the
 * side it guards, and the arrows that are allowed shown passing. The files need not exist: ESLint
 * lints the text as if it were there, and the rules read the specifiers, not the files.
 */
import { ESLint, type Linter } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal === true);
  if (fatal !== undefined) throw new Error(`${filePath}: ${fatal.message}`);
  return messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId));
}

/** [file the snippet sits in, snippet, a phrase the message must carry] */
type Forbidden = [string, string, string];

const TRAINS_ONLY = 'TF.js only where it trains';
const CORE = 'core is pure TypeScript';
const STORAGE = 'src/storage is shared by the page and the workers';
const WORKERS = 'workers and src/engine run without the page';

const forbidden: Forbidden[] = [
  // TF.js and src/engine stay off the page, whatever the kind of import.
  ['src/features/train/Panel.tsx', "import * as tf from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/features/train/Panel.tsx', "import type { Tensor } from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/features/train/Panel.tsx', "export { tensor } from '@tensorflow/tfjs-core';", TRAINS_ONLY],
  ['src/features/train/Panel.tsx', "void import('@tensorflow/tfjs');", TRAINS_ONLY],
  [
    'src/features/train/Panel.tsx',
    "export type T = import('@tensorflow/tfjs').Tensor;",
    TRAINS_ONLY,
  ],
  [
    'src/features/model/Editor.tsx',
    "import { buildModel } from '../../engine/model/build';",
    TRAINS_ONLY,
  ],
  [
    'src/features/model/Editor.tsx',
    "import type { TrainingSession } from '../../engine/train/session';",
    TRAINS_ONLY,
  ],
  ['src/features/model/Editor.tsx', "void import('../../engine/model/build');", TRAINS_ONLY],
  ['src/app/App.tsx', "import { buildModel } from '../engine/model/build';", TRAINS_ONLY],
  ['src/main.tsx', "import { TrainingSession } from './engine/train/session';", TRAINS_ONLY],
  ['src/store/index.ts', "import * as tf from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/store/index.ts', "import { buildModel } from '../engine/model/build';", TRAINS_ONLY],
  ['src/sw/service-worker.ts', "import * as tf from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/storage/runs-repo.ts', "import * as tf from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/storage/runs-repo.ts', "import { buildModel } from '../engine/model/build';", TRAINS_ONLY],
  ['src/core/model/spec.ts', "import * as tf from '@tensorflow/tfjs';", TRAINS_ONLY],
  ['src/core/model/spec.ts', "import { buildModel } from '../../engine/model/build';", TRAINS_ONLY],
  // Only src/store imports zustand.
  ['src/features/train/slice.ts', "import { create } from 'zustand';", 'only src/store'],
  ['src/features/train/slice.ts', "import type { StateCreator } from 'zustand';", 'only src/store'],
  ['src/core/model/spec.ts', "import { create } from 'zustand';", 'only src/store'],
  ['workers/train.worker.ts', "import { create } from 'zustand/vanilla';", 'only src/store'],
  // core imports nothing but core and pure libraries.
  ['src/core/model/spec.ts', "import { useState } from 'react';", CORE],
  ['src/core/model/spec.ts', "import type { ReactNode } from 'react';", CORE],
  ['src/core/model/spec.ts', "import { createRoot } from 'react-dom/client';", CORE],
  ['src/core/model/spec.ts', "import { openDB } from 'idb';", CORE],
  ['src/core/model/spec.ts', "import 'fake-indexeddb/auto';", CORE],
  ['src/core/model/spec.ts', "import { openGradlabDb } from '../../storage/open';", CORE],
  ['src/core/model/spec.ts', "import type { GradlabDb } from '../../storage/open';", CORE],
  ['src/core/model/spec.ts', "export { openGradlabDb } from '../../storage/open';", CORE],
  ['src/core/model/spec.ts', "import { slice } from '../../features/model/slice';", CORE],
  ['src/core/model/spec.ts', "import { useAppStore } from '../../store';", CORE],
  ['src/core/protocol.ts', "import type { AppState } from '../store/app-state';", CORE],
  ['src/core/protocol.ts', "import { parseRoute } from '../app/routes';", CORE],
  ['src/core/protocol.ts', "import { probe } from '../../workers/probe';", CORE],
  ['src/core/protocol.ts', "void import('../storage/open');", CORE],
  // A core test may use TF.js, not the page or storage.
  ['src/core/model/spec.test.ts', "import { openGradlabDb } from '../../storage/open';", CORE],
  // storage serves the page and the workers alike.
  ['src/storage/runs-repo.ts', "import { slice } from '../features/runs/slice';", STORAGE],
  ['src/storage/runs-repo.ts', "import type { AppState } from '../store/app-state';", STORAGE],
  ['src/storage/runs-repo.ts', "import { useAppStore } from '../store';", STORAGE],
  ['src/storage/runs-repo.ts', "import { parseRoute } from '../app/routes';", STORAGE],
  ['src/storage/runs-repo.ts', "import { useEffect } from 'react';", STORAGE],
  ['src/storage/runs-repo.ts', "import { create } from 'zustand';", 'only src/store'],
  [
    'src/storage/runs-repo.test.ts',
    "import { makeRun } from '../features/runs/test-run';",
    STORAGE,
  ],
  // engine and workers run without the page.
  ['src/engine/train/session.ts', "import { slice } from '../../features/train/slice';", WORKERS],
  [
    'src/engine/train/session.ts',
    "import type { AppState } from '../../store/app-state';",
    WORKERS,
  ],
  ['src/engine/train/session.ts', "import { parseRoute } from '../../app/routes';", WORKERS],
  ['src/engine/train/session.ts', "import { useEffect } from 'react';", WORKERS],
  ['workers/train.worker.ts', "import { slice } from '../src/features/train/slice';", WORKERS],
  ['workers/data/controller.ts', "import { useAppStore } from '../../src/store';", WORKERS],
  ['workers/train.worker.ts', "import { parseRoute } from '../src/app/routes';", WORKERS],
  ['workers/train.worker.ts', "import type { ReactNode } from 'react';", WORKERS],
];

const allowed: [string, string][] = [
  // TF.js where it trains, and in Node tests, scripts and e2e.
  ['src/engine/model/build.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/engine/train/session.ts', "import { generate } from '../../core/data/generators';"],
  ['workers/train.worker.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['workers/train.worker.ts', "import { TrainingSession } from '../src/engine/train/session';"],
  ['workers/dataset-loader.ts', "import { readDatasetBytes } from '../src/storage/datasets-repo';"],
  ['scripts/bench/cnn.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['scripts/bench/cnn.ts', "import { buildModel } from '../../src/engine/model/build';"],
  ['e2e/load-exported.mjs', "import * as tf from '@tensorflow/tfjs';"],
  ['src/core/model/inference.test.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/core/model/inference.test.ts', "import { buildModel } from '../../engine/model/build';"],
  ['src/features/train/slice.test.ts', "import { buildModel } from '../../engine/model/build';"],
  // The page's own arrows.
  ['src/store/index.ts', "import { create } from 'zustand';"],
  ['src/features/train/Panel.tsx', "import { useState } from 'react';"],
  ['src/features/train/Panel.tsx', "import { useAppStore } from '../../store';"],
  ['src/features/train/Panel.tsx', "import { saveRun } from '../../storage/runs-repo';"],
  ['src/features/train/Panel.tsx', "import type { WorkerCommand } from '../../core/protocol';"],
  ['src/features/model/engine-status.ts', "import { x } from './engine-notes';"],
  ['src/storage/runs-repo.ts', "import { openDB } from 'idb';"],
  ['src/storage/runs-repo.ts', "import { describeError } from '../core/errors';"],
  ['src/storage/runs-repo.ts', "import { APP_VERSION } from '../app-version';"],
  // core's own arrows: core and pure libraries.
  ['src/core/model/spec.ts', "import { mulberry32 } from '../data/rng';"],
  ['src/core/protocol.ts', "import * as v from 'valibot';"],
  ['src/core/bundle/file.ts', "import { unzipSync } from 'fflate';"],
];

describe('import boundaries', () => {
  it.each(forbidden)('%s: %s is an error', async (filePath, code, phrase) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors.length, `${filePath}: ${code}`).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.severity).toBe(2);
      expect(error.message).toContain(phrase);
    }
  });

  it.each(allowed)('%s: %s is allowed', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
