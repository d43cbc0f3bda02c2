/** Entry of the markdown worker: notebook text to safe HTML (core/markdown/render.ts), off the page. */
import { serializeError } from '../src/core/errors';
import { parseMarkdownCommand, type MarkdownEvent } from '../src/core/markdown/protocol';
import { renderMarkdownDocument } from '../src/core/markdown/render';
import { holdLife } from '../src/core/worker-life';
import { requestIdOf } from '../src/core/worker-bridge';

declare const self: DedicatedWorkerGlobalScope;

// So the page hears of it when this worker ends without a word (self.close(), a crash).
holdLife(self, self.navigator.locks);

const post = (event: MarkdownEvent) => self.postMessage(event);

self.onmessage = (event: MessageEvent<unknown>) => {
  const command = parseMarkdownCommand(event.data);
  if (!command.ok) {
    post({
      type: 'error',
      requestId: requestIdOf(event.data),
      error: serializeError(command.error),
    });
    return;
  }
  const { html, chunkEnds, elements, notes } = renderMarkdownDocument(command.value.text);
  post({ type: 'rendered', requestId: command.value.requestId, html, chunkEnds, elements, notes });
};
