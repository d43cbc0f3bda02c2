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
  type Crop,
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

/**
 * The square `crop` of the frame's visible picture (`visible`, within its coded picture) as RGBA.
 * Where copyTo cannot convert to RGBA (it can in Chromium; other browsers added it later), a
 * canvas draws it.
 */
async function copySquare(picture: VideoFrame, visible: DOMRectReadOnly, crop: Crop) {
  const { sx, sy, side } = crop;
  const square = new Uint8ClampedArray(side * side * 4);
  try {
    await picture.copyTo(square, {
      rect: { x: visible.x + sx, y: visible.y + sy, width: side, height: side },
      format: 'RGBA',
      colorSpace: 'srgb',
    });
    return square;
  } catch (error) {
    if (typeof OffscreenCanvas !== 'function') throw error;
  }
  const context = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true });
  if (!context) {
    throw new DataFormatError('This browser cannot read camera frames in a worker.', 'no-canvas');
  }
  // A canvas draws the visible picture: its coordinates start at the visible corner.
  context.drawImage(picture, sx, sy, side, side, 0, 0, side, side);
  return context.getImageData(0, 0, side, side).data;
}

async function read({ picture, size, channels }: FramesCommand) {
  const visible = picture.visibleRect;
  if (!visible || visible.width < 2 || visible.height < 2) {
    throw new DataFormatError('The camera gave an empty picture.', 'empty-picture');
  }
  const crop = evenCentreSquare(visible.width, visible.height);
  const view = shrinkMirrored(await copySquare(picture, visible, crop), crop.side, size);
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
