/**
 * Messages between the capture page and the frames worker, which turns a webcam picture into a
 * captured frame. Reading a picture's pixels (drawImage of a camera frame, getImageData) can wait
 * on the GPU process; while another worker keeps that process busy (a backend measurement, a
 * training run on WebGPU), the wait lasted over a second on the page's main thread. In this
 * worker it holds nothing the user sees: the page only snapshots the video (a VideoFrame, or an
 * ImageBitmap where there is no VideoFrame) and moves it here.
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

/** The largest frame side the capture page offers, with room to spare. */
export const MAX_FRAME_SIZE = 256;

const isVideoFrame = (input: unknown): input is VideoFrame =>
  typeof VideoFrame === 'function' && input instanceof VideoFrame;

/** Bytes that can back an ImageData: a shared buffer cannot. */
const isViewBytes = (input: unknown): input is Uint8ClampedArray<ArrayBuffer> =>
  input instanceof Uint8ClampedArray && input.buffer instanceof ArrayBuffer;

const CommandSchema = v.object({
  type: v.literal('read'),
  requestId,
  picture: v.custom<VideoFrame>(isVideoFrame, 'a VideoFrame'),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FRAME_SIZE)),
  channels: v.picklist([1, 3]),
});
export type FramesCommand = v.InferOutput<typeof CommandSchema>;

const FrameSchema = v.pipe(
  v.object({
    type: v.literal('frame'),
    requestId,
    /** What the model's-view canvas paints: size x size RGBA, gray where the frame is. */
    view: v.custom<Uint8ClampedArray<ArrayBuffer>>(isViewBytes, 'RGBA bytes'),
    /** The captured example: size x size x channels bytes. */
    pixels: v.instance(Uint8Array),
  }),
  v.check(
    ({ view, pixels }) =>
      view.length > 0 &&
      view.length % 4 === 0 &&
      (pixels.length === view.length / 4 || pixels.length === (view.length / 4) * 3),
    'a frame of one or three bytes per pixel of its view',
  ),
);

const EventSchema = v.union([
  FrameSchema,
  v.object({
    type: v.literal('error'),
    requestId: v.optional(requestId),
    error: SerializedErrorSchema,
  }),
]);
export type FramesEvent = v.InferOutput<typeof EventSchema>;

export const parseFramesCommand = (input: unknown): Result<FramesCommand, ProtocolError> =>
  parseMessage(CommandSchema, 'frames worker command', input);

export const parseFramesEvent = (input: unknown): Result<FramesEvent, ProtocolError> =>
  parseMessage(EventSchema, 'frames worker event', input);

const FRAMES_ANSWERS = { read: 'frame' } as const;

export const FRAMES_WORKER: BridgeProtocol<FramesCommand, FramesEvent, typeof FRAMES_ANSWERS> = {
  workerName: 'frames worker',
  parseEvent: parseFramesEvent,
  answers: FRAMES_ANSWERS,
};
