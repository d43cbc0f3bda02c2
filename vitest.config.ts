import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest keeps a core for its own process (cores - 1 workers: one on a 2-core CI machine),
    // which mostly waits; the test files, most of them single-threaded training, fill them all.
    maxWorkers: availableParallelism(),
  },
});
