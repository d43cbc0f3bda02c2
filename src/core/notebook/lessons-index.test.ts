import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSON_INDEX_LIMITS, LessonIndexError, parseLessonIndex } from './lessons-index';

const entry = {
  slug: 'single-neuron',
  file: 'single-neuron.json',
  title: 'What a single neuron can separate',
  summary: 'One neuron draws one straight line.',
  level: 'beginner',
  minutes: 10,
  linkBytes: 2474,
};

const refusal = (json: unknown): string => {
  const parsed = parseLessonIndex(json);
  if (parsed.ok) throw new Error('expected the index to be refused');
  expect(parsed.error).toBeInstanceOf(LessonIndexError);
  expect(parsed.error.code).toBe('invalid-lesson-index');
  return parsed.error.message;
};

describe('parseLessonIndex', () => {
  it('reads the gallery in its order, dropping fields it does not know', () => {
    const second = { ...entry, slug: 'cnn-vs-mlp', file: 'cnn-vs-mlp.json', level: 'intermediate' };
    const parsed = parseLessonIndex([{ ...entry, tags: ['new'] }, second]);
    expect(parsed).toEqual({ ok: true, value: [entry, second] });
    expect(parseLessonIndex([])).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a slug with capitals', { slug: 'Single' }, /slug/],
    ['a slug with a slash', { slug: 'a/b' }, /slug/],
    ['an empty slug', { slug: '' }, /slug/],
    ['a slug over 64 characters', { slug: 'a'.repeat(65) }, /slug/],
    ['a file outside the folder', { file: '../secret.json' }, /file/],
    ['a file that is not JSON', { file: 'single-neuron.js' }, /file/],
    ['a file with a query', { file: 'a.json?x=1' }, /file/],
    ['an absolute file URL', { file: 'https://evil.example/a.json' }, /file/],
    ['an empty title', { title: '' }, /title/],
    ['a title over the limit', { title: 'x'.repeat(LESSON_INDEX_LIMITS.titleLength + 1) }, /title/],
    ['a summary with NUL', { summary: 'a\u0000b' }, /summary/],
    ['a summary with a lone surrogate', { summary: 'a\uD800b' }, /summary/],
    ['an unknown level', { level: 'expert' }, /level/],
    ['zero minutes', { minutes: 0 }, /minutes/],
    ['fractional minutes', { minutes: 1.5 }, /minutes/],
    ['a negative link size', { linkBytes: -1 }, /linkBytes/],
    ['a link size as text', { linkBytes: '2474' }, /linkBytes/],
  ])('refuses %s', (_name, change, field) => {
    expect(refusal([{ ...entry, ...change }])).toMatch(field);
  });

  it('refuses an entry without a field, a slug given twice, and too many lessons', () => {
    const untitled: Record<string, unknown> = { ...entry };
    delete untitled.title;
    expect(refusal([untitled])).toMatch(/title/);
    expect(refusal([entry, { ...entry, file: 'other.json' }])).toMatch(/slug twice/);
    const many = Array.from({ length: LESSON_INDEX_LIMITS.entries + 1 }, (_, i) => ({
      ...entry,
      slug: `lesson-${i}`,
    }));
    expect(refusal(many)).toMatch(/more than/);
  });

  it('refuses what is not a list of lessons', () => {
    for (const json of [null, 'lessons', 42, { lessons: [entry] }, [null], [[entry]]]) {
      refusal(json);
    }
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (json) => {
        expect(typeof parseLessonIndex(json).ok).toBe('boolean');
      }),
    );
    const hostile = new Proxy([], {
      get() {
        throw new Error('trap');
      },
    });
    expect(refusal(hostile)).toMatch(/not plain JSON/);
  });
});
