/**
 * Messages between the page and the markdown worker, which renders notebook text (markdown-it and
 * KaTeX) so that a long or hostile text never holds the main thread. The worker runs the same
 * renderMarkdownDocument the page used to run, so its HTML keeps every guarantee of render.ts;
 * both sides parse what they receive, and the page inserts only what its own worker answered.
 */
import * as v from 'valibot';
import type { ProtocolError } from '../errors';
import type { Result } from '../result';
import {
  parseMessage,
  RequestIdSchema as requestId,
  SerializedErrorSchema,
  type BridgeProtocol,
} from '../worker-bridge';

/** Far beyond what a cell holds (the renderer cuts at its own limit): a bound on one message. */
const MAX_TEXT = 10_000_000;

const CommandSchema = v.object({
  type: v.literal('render'),
  requestId,
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
});
export type MarkdownCommand = v.InferOutput<typeof CommandSchema>;

const EventSchema = v.variant('type', [
  v.object({
    type: v.literal('rendered'),
    requestId,
    html: v.string(),
    chunkEnds: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
    elements: v.pipe(v.number(), v.integer(), v.minValue(0)),
    notes: v.array(v.string()),
  }),
  v.object({
    type: v.literal('error'),
    requestId: v.optional(requestId),
    error: SerializedErrorSchema,
  }),
]);
export type MarkdownEvent = v.InferOutput<typeof EventSchema>;

export const parseMarkdownCommand = (input: unknown): Result<MarkdownCommand, ProtocolError> =>
  parseMessage(CommandSchema, 'markdown worker command', input);

export const parseMarkdownEvent = (input: unknown): Result<MarkdownEvent, ProtocolError> =>
  parseMessage(EventSchema, 'markdown worker event', input);

const MARKDOWN_ANSWERS = { render: 'rendered' } as const;

export const MARKDOWN_WORKER: BridgeProtocol<
  MarkdownCommand,
  MarkdownEvent,
  typeof MARKDOWN_ANSWERS
> = {
  workerName: 'markdown worker',
  parseEvent: parseMarkdownEvent,
  answers: MARKDOWN_ANSWERS,
};
