import { describe, expect, it } from 'vitest';
import { cleanName, parseTags, TAGS_MAX } from './run-facts';

describe('run facts', () => {
  it('cleans names and tags', () => {
    expect(cleanName('  best  ')).toBe('best');
    expect(cleanName('   ')).toBeNull();
    expect(parseTags(' a, b,,a , c ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(Array.from({ length: 50 }, (_, i) => `t${i}`).join(','))).toHaveLength(
      TAGS_MAX,
    );
  });
});
