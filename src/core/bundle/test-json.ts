/** JSON texts for property tests of the codecs, without the keys they refuse by design. */
import fc from 'fast-check';
import { FORBIDDEN_KEYS } from './json-limits';

const mentionsForbidden = (text: string): boolean =>
  [...FORBIDDEN_KEYS].some((key) => text.includes(`"${key}"`));

export const allowedJson = (maxDepth: number): fc.Arbitrary<string> =>
  fc.json({ maxDepth }).filter((text) => !mentionsForbidden(text));
