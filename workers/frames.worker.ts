/**
 * Entry of the frames worker: webcam pictures to captured frames, off the page
 * (src/core/capture/protocol.ts says why). The centre square of each VideoFrame is copied out as
 * RGBA (the browser converts the camera's YUV; a frame in memory needs no GPU for it), shrunk to
 * size x size and mirrored like the preview, then the frame is closed.
 */
import {
  evenCentreSquare,
  paintStored,
  rgbaToFrame,
  shrinkMirrored,
} from '../src/core/capture/frame-pixels';
import {
  parseFramesCommand,
  type FramesCommand,
  type FramesEvent,
} from '../src/core/capture/protocol';
import { DataFormatError, serializeError } from '../src/core/errors';
import { requestIdOf } from '../src/core/worker-bridge';
import { holdLife } from '../src/core/worker-life';

declare const self: DedicatedWorkerGlobalScope;

holdLife(self, self.navigator.locks);

const post = (event: FramesEvent, transfer: Transferable[] = []) =>
  self.postMessage(event, transfer);

async function read({ picture, size, channels }: FramesCommand) {
  const visible = picture.visibleRect;
  if (!visible || visible.width < 2 || visible.height < 2) {
    throw new DataFormatError('The camera gave an empty picture.', 'empty-picture');
  }
  const { sx, sy, side } = evenCentreSquare(visible.width, visible.height);
  const square = new Uint8ClampedArray(side * side * 4);
  await picture.copyTo(square, {
    rect: { x: visible.x + sx, y: visible.y + sy, width: side, height: side },
    format: 'RGBA',
    colorSpace: 'srgb',
  });
  const view = shrinkMirrored(square, side, size);
  const pixels = rgbaToFrame(view, channels);
  paintStored(view, pixels, channels);
  return { view, pixels };
}

self.onmessage = async (event: MessageEvent<unknown>) => {
  const command = parseFramesCommand(event.data);
  if (!command.ok) {
    post({
      type: 'error',
      requestId: requestIdOf(event.data),
      error: serializeError(command.error),
    });
    return;
  }
  const { requestId, picture } = command.value;
  try {
    const { view, pixels } = await read(command.value);
    post({ type: 'frame', requestId, view, pixels }, [view.buffer, pixels.buffer]);
  } catch (error) {
    post({ type: 'error', requestId, error: serializeError(error) });
  } finally {
    // A camera frame holds one of the camera's few buffers until it is closed.
    picture.close();
  }
};
