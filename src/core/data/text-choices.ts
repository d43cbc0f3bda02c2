/**
 * How a user's text became a dataset: language modelling on a .txt file, or classification of a
 * CSV's text column by its label column. The choices are kept with the stored dataset (and named
 * by a shared notebook's ref), so importing the same file with them again gives the same bytes and
 * SHA-256. Only the schema lives here, so the page can check choices without the text parsers.
 */
import * as v from 'valibot';
import { HEADER_CHOICES } from './csv/choices';
import { CSV_LIMITS } from './csv/parse';
import { TEXT_LIMITS } from './text-dataset';

const whole = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const tokenizer = v.picklist(['char', 'word']);
const maxVocab = whole(TEXT_LIMITS.minVocab, TEXT_LIMITS.maxVocab);

export const TextChoicesSchema = v.variant('mode', [
  v.object({
    mode: v.literal('language'),
    tokenizer,
    context: whole(TEXT_LIMITS.minContext, TEXT_LIMITS.maxContext),
    layout: v.picklist(['windows', 'lines']),
    maxVocab,
  }),
  v.object({
    mode: v.literal('classification'),
    tokenizer,
    header: v.picklist(HEADER_CHOICES),
    textColumn: whole(0, CSV_LIMITS.columns - 1),
    labelColumn: whole(0, CSV_LIMITS.columns - 1),
    maxLength: whole(1, TEXT_LIMITS.maxContext),
    maxVocab,
  }),
]);
export type TextChoices = v.InferOutput<typeof TextChoicesSchema>;

export const DEFAULT_LANGUAGE_CHOICES: Extract<TextChoices, { mode: 'language' }> = {
  mode: 'language',
  tokenizer: 'char',
  context: 32,
  layout: 'windows',
  maxVocab: 2000,
};
