import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that time this process's CPU (rendering is linear in the text): they run once the rest
 * have finished, as a test file beside them on the other core made one 10% dearer.
 */
const TIMED = ['src/core/markdown/linear.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // Vitest keeps a core for its own process (cores - 1 workers: one on a 2-core CI machine),
    // which mostly waits; the test files, most of them single-threaded training, fill them all.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMED],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 } } },
    ],
  },
});
