/**
 * Frames from the open camera at the chosen size: each new video frame (requestVideoFrameCallback,
 * else animation frames that skip a picture already seen) is drawn, centred and mirrored like the
 * preview, into a size x size canvas and read back, at most MAX_FPS times a second. Each frame is
 * shown in the model's-view canvas, and while a class is recording it is handed to `onFrame` for
 * that class. At 64 x 64 a frame costs well under a millisecond, so recording never holds the page.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { centreSquare, rgbaToFrame, type Channels } from './frame-pixels';

const MAX_FPS = 30;
/** Slack for timers that fire a little early: 30 fps must not become 15. */
const MIN_GAP_MS = 1000 / MAX_FPS - 4;

interface Options {
  video: RefObject<HTMLVideoElement | null>;
  /** Shows each frame as the model will see it (scaled up by CSS). */
  view: RefObject<HTMLCanvasElement | null>;
  live: boolean;
  size: number;
  channels: Channels;
  onFrame(classId: number, pixels: Uint8Array): void;
}

/** Reads one frame: draws the video's centre square mirrored into `canvas` and converts it. */
function grab(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  size: number,
  channels: Channels,
): { rgba: ImageData; pixels: Uint8Array } | null {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx || video.videoWidth === 0) return null;
  const { sx, sy, side } = centreSquare(video.videoWidth, video.videoHeight);
  ctx.setTransform(-1, 0, 0, 1, size, 0);
  ctx.drawImage(video, sx, sy, side, side, 0, 0, size, size);
  const rgba = ctx.getImageData(0, 0, size, size);
  return { rgba, pixels: rgbaToFrame(rgba.data, channels) };
}

/** Gray frames are shown gray: the view paints what is stored, not the camera's colours. */
function showFrame(
  view: HTMLCanvasElement,
  rgba: ImageData,
  pixels: Uint8Array,
  channels: Channels,
) {
  if (channels === 1) {
    const data = rgba.data;
    for (let p = 0; p < pixels.length; p++) {
      const v = pixels[p] ?? 0;
      data[p * 4] = v;
      data[p * 4 + 1] = v;
      data[p * 4 + 2] = v;
    }
  }
  view.getContext('2d')?.putImageData(rgba, 0, 0);
}

export function useFrames({ video, view, live, size, channels, onFrame }: Options) {
  const [recording, setRecording] = useState<number | null>(null);
  const target = useRef<number | null>(null);
  const deliver = useRef(onFrame);
  useEffect(() => {
    deliver.current = onFrame;
  }, [onFrame]);

  useEffect(() => {
    const element = video.current;
    if (!live || !element) return;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    let stopped = false;
    let last = -Infinity;
    let lastTime = -1;
    let handle = 0;
    const byVideoFrame = typeof HTMLVideoElement.prototype.requestVideoFrameCallback === 'function';
    const tick = (now: number) => {
      if (stopped) return;
      // Without video-frame callbacks, a picture already read is not read again.
      const fresh = byVideoFrame || element.currentTime !== lastTime;
      if (fresh && now - last >= MIN_GAP_MS) {
        last = now;
        lastTime = element.currentTime;
        const frame = grab(element, canvas, size, channels);
        if (frame) {
          if (view.current) showFrame(view.current, frame.rgba, frame.pixels, channels);
          if (target.current !== null) deliver.current(target.current, frame.pixels);
        }
      }
      handle = byVideoFrame ? element.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
    };
    handle = byVideoFrame ? element.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
    return () => {
      stopped = true;
      target.current = null;
      if (byVideoFrame) element.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    };
  }, [live, video, view, size, channels]);

  const start = useCallback((classId: number) => {
    target.current = classId;
    setRecording(classId);
  }, []);
  const stop = useCallback(() => {
    target.current = null;
    setRecording(null);
  }, []);
  return { recording: live ? recording : null, start, stop };
}
