/** The worker of the full-MNIST decode figure: no TF.js, as the app's data worker has none. */
import type { SpriteMessage, SpritePlan } from './protocol';
import { timeSpriteDecode } from './sprite-decode';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: SpriteMessage) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<SpritePlan>) => {
  const report = await timeSpriteDecode(event.data, (text) => post({ type: 'log', text }));
  post({ type: 'report', report });
};
