/**
 * The page's end of the frames worker (core/capture/protocol.ts): a camera picture
 * (pictures.ts) moves to the worker, which answers with the frame. No pixel is read on the page.
 */
import type { Channels } from '../../core/capture/frame-pixels';
import { FRAMES_WORKER } from '../../core/capture/protocol';
import { err, ok, type Result } from '../../core/result';
import { createBridge, type RequestFailure } from '../../core/worker-bridge';
import { lifeLockName, watchLife } from '../../core/worker-life';

export interface ReadFrame {
  /** size x size RGBA for the model's-view canvas. */
  view: Uint8ClampedArray<ArrayBuffer>;
  /** The example: size x size x channels bytes. */
  pixels: Uint8Array;
}

/** The worker answers in milliseconds; one that takes this long is stuck, and is replaced. */
const TIMEOUT_MS = 5_000;

const bridge = createBridge(FRAMES_WORKER, {
  spawn() {
    const name = lifeLockName('frames');
    const worker = new Worker(new URL('../../../workers/frames.worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    return watchLife(worker, name, navigator.locks);
  },
  onEvent: (event) => console.error('The frames worker reported:', event),
});

/** `picture` as a size x size frame; the worker closes the picture. */
export async function readFrame(
  picture: VideoFrame,
  size: number,
  channels: Channels,
): Promise<Result<ReadFrame, RequestFailure>> {
  const answer = await bridge.request(
    { type: 'read', picture, size, channels },
    { transfer: [picture], timeoutMs: TIMEOUT_MS },
  ).done;
  if (!answer.ok) {
    // Closing a picture that did reach the worker does nothing; one that did not frees its buffer.
    picture.close();
    if (answer.error.code === 'timeout') bridge.replace();
    return err(answer.error);
  }
  const { view, pixels } = answer.value;
  return ok({ view, pixels });
}
