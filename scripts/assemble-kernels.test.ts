import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { MODULES_FILE, modulesSource } from './assemble-kernels';

test('the committed SIMD modules are what their WebAssembly text assembles to', async () => {
  expect(readFileSync(MODULES_FILE, 'utf8')).toBe(await modulesSource());
});
