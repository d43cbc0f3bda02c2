import { expect, test } from 'vitest';
import { formatBytes } from './format-bytes';

test('byte counts read as B, KB, MB and GB', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(1536)).toBe('1.5 KB');
  expect(formatBytes(7_840_000)).toBe('7.5 MB');
  expect(formatBytes(300 * 2 ** 30)).toBe('300 GB');
});
