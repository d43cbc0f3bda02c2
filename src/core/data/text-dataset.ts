/**
 * Text as packed datasets, for the shipped text (scripts/datasets/text.ts) and for text a user
 * imports (the data worker): language modelling (next-token prediction over every position) or
 * text classification. Everything is deterministic, so the same text and choices give the same
 * bytes and SHA-256.
 */
import { DataFormatError } from '../errors';
import { err, ok, type Result } from '../result';
import { BOUNDARY_ID, PAD_ID, type Tokenizer } from './dataset';
import type { PackedDataset } from './packed';
import { buildTokenizer, encode, MAX_VOCAB, type TokenizerKind } from './tokenizer';

/**
 * 'windows': one long text cut in windows of context + 1 tokens (each window's last token starts
 * the next); 'lines': one example per line, `BOUNDARY line BOUNDARY`, padded (makemore's names).
 */
export type TextLayout = 'windows' | 'lines';

export const TEXT_LIMITS = {
  minContext: 2,
  maxContext: 256,
  minVocab: 4,
  maxVocab: MAX_VOCAB,
  /** Token positions in all (x and y are 2 bytes each in the packed form, 8 in training). */
  maxTokens: 4_000_000,
  /** Classes of a text classification. */
  maxClasses: 100,
} as const;

export interface LanguageChoices {
  tokenizer: TokenizerKind;
  context: number;
  layout: TextLayout;
  /** The vocabulary's size cap, reserved ids included; rarer tokens become the unknown token. */
  maxVocab: number;
}

export interface TextClassChoices {
  tokenizer: TokenizerKind;
  /** Tokens kept per text: longer ones are cut, shorter ones padded in front with PAD_ID. */
  maxLength: number;
  maxVocab: number;
}

export interface PackedText {
  packed: PackedDataset;
  /** What was decided on the user's behalf (lines too long, texts cut), for the import's notes. */
  notes: string[];
}

const refuse = (message: string) => err(new DataFormatError(message, 'text'));

/** Why the choices cannot be used, or null. */
export function textChoicesProblem(choices: {
  maxVocab: number;
  context?: number;
  maxLength?: number;
}): string | null {
  const { minContext, maxContext, minVocab, maxVocab } = TEXT_LIMITS;
  const whole = (n: unknown, lo: number, hi: number) =>
    typeof n === 'number' && Number.isSafeInteger(n) && n >= lo && n <= hi;
  if (!whole(choices.maxVocab, minVocab, maxVocab)) {
    return `The vocabulary cap must be a whole number from ${minVocab} to ${maxVocab}.`;
  }
  if (choices.context !== undefined && !whole(choices.context, minContext, maxContext)) {
    return `The context length must be a whole number from ${minContext} to ${maxContext}.`;
  }
  if (choices.maxLength !== undefined && !whole(choices.maxLength, 1, maxContext)) {
    return `The text length must be a whole number of tokens from 1 to ${maxContext}.`;
  }
  return null;
}

/** Language modelling on `text`: x = tokens [n, context], y = the next token at each position. */
export function packLanguage(
  name: string,
  text: string,
  choices: LanguageChoices,
): Result<PackedText, DataFormatError> {
  const problem = textChoicesProblem(choices);
  if (problem !== null) return refuse(problem);
  const { context, layout } = choices;
  const lines = layout === 'lines' ? linesOf(text) : [text];
  const tokenizer = buildTokenizer(choices.tokenizer, lines, choices.maxVocab);
  if (tokenizer.vocab.length <= BOUNDARY_ID + 1) {
    return refuse('The text holds no tokens to learn from: it is empty or only spaces.');
  }
  const notes: string[] = [];
  const examples: number[][] = [];
  if (layout === 'lines') {
    let long = 0;
    for (const line of lines) {
      const ids = [BOUNDARY_ID, ...encode(tokenizer, line), BOUNDARY_ID];
      if (ids.length > context + 1) long++;
      else examples.push(ids);
    }
    if (long > 0) {
      notes.push(
        `${long} line(s) longer than ${context - 1} tokens were left out (the context is ${context}).`,
      );
    }
  } else {
    const ids = encode(tokenizer, text);
    for (let start = 0; start + 1 < ids.length; start += context) {
      examples.push(ids.slice(start, start + context + 1));
    }
  }
  if (examples.length === 0) {
    return refuse(
      layout === 'lines'
        ? `No line fits the context of ${context} tokens; choose a longer context.`
        : 'The text is too short: it needs at least two tokens.',
    );
  }
  if (examples.length * context > TEXT_LIMITS.maxTokens) {
    return refuse(
      `The text makes ${examples.length * context} token positions; at most ${TEXT_LIMITS.maxTokens} fit. Use a shorter text.`,
    );
  }
  const x = new Uint16Array(examples.length * context);
  const y = new Uint16Array(examples.length * context);
  examples.forEach((ids, row) => {
    for (let t = 0; t < context; t++) {
      x[row * context + t] = ids[t] ?? PAD_ID;
      y[row * context + t] = ids[t + 1] ?? PAD_ID;
    }
  });
  return ok({
    packed: {
      header: textHeader(name, tokenizer, 'sequence', examples.length, context, []),
      x,
      y,
    },
    notes,
  });
}

/** Text classification: each text's first `maxLength` tokens, padded in front, and its class. */
export function packTextClasses(
  name: string,
  texts: readonly string[],
  labels: readonly number[],
  classNames: readonly string[],
  choices: TextClassChoices,
): Result<PackedText, DataFormatError> {
  const problem = textChoicesProblem(choices);
  if (problem !== null) return refuse(problem);
  if (texts.length !== labels.length) return refuse('Each text needs one label.');
  if (classNames.length < 2) {
    return refuse(`Text classification needs at least two classes; this has ${classNames.length}.`);
  }
  const tokenizer = buildTokenizer(choices.tokenizer, texts, choices.maxVocab);
  if (tokenizer.vocab.length <= BOUNDARY_ID + 1) {
    return refuse('The texts hold no tokens to learn from: they are empty or only spaces.');
  }
  const { maxLength } = choices;
  const x = new Uint16Array(texts.length * maxLength);
  let cut = 0;
  texts.forEach((text, row) => {
    const ids = encode(tokenizer, text);
    if (ids.length > maxLength) cut++;
    const kept = ids.slice(0, maxLength);
    // Padding in front: an RNN then reads the text last, just before it answers.
    x.set(kept, row * maxLength + maxLength - kept.length);
  });
  const notes =
    cut > 0 ? [`${cut} text(s) longer than ${maxLength} tokens were cut to their start.`] : [];
  return ok({
    packed: {
      header: textHeader(name, tokenizer, 'classification', texts.length, maxLength, classNames),
      x,
      y: Uint16Array.from(labels),
    },
    notes,
  });
}

function textHeader(
  name: string,
  tokenizer: Tokenizer,
  task: 'sequence' | 'classification',
  count: number,
  length: number,
  classNames: readonly string[],
): PackedDataset['header'] {
  return {
    name,
    kind: 'text',
    task,
    count,
    inputShape: [length],
    xType: 'uint16',
    classNames: [...classNames],
    featureNames: [],
    tokenizer,
  };
}

/** Non-empty lines, trimmed, in order. */
export const linesOf = (text: string): string[] =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
