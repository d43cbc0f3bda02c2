/**
 * Frames from the open camera at the chosen size: each new video frame (requestVideoFrameCallback,
 * else animation frames that skip a picture already seen) is drawn, centred and mirrored like the
 * preview, into a size x size canvas and read back, at most MAX_FPS times a second, and shown in
 * the model's-view canvas. While a class records, its frames collect here and reach the page
 * (`onFrames`) every BATCH_MS and on release: the page then renders ten times a second, not once
 * per frame, so recording at the camera's rate costs the main thread a few milliseconds a frame.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { centreSquare, rgbaToFrame, type Channels } from './frame-pixels';

const MAX_FPS = 30;
/** Slack for timers that fire a little early: 30 fps must not become 15. */
const MIN_GAP_MS = 1000 / MAX_FPS - 4;
const BATCH_MS = 100;

interface Options {
  video: RefObject<HTMLVideoElement | null>;
  /** Shows each frame as the model will see it (scaled up by CSS). */
  view: RefObject<HTMLCanvasElement | null>;
  live: boolean;
  size: number;
  channels: Channels;
  onFrames(classId: number, frames: Uint8Array[]): void;
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

export function useFrames({ video, view, live, size, channels, onFrames }: Options) {
  const [recording, setRecording] = useState<number | null>(null);
  const target = useRef<number | null>(null);
  const pending = useRef<Uint8Array[]>([]);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const deliver = useRef(onFrames);
  useEffect(() => {
    deliver.current = onFrames;
  }, [onFrames]);

  const flush = useCallback(() => {
    const frames = pending.current;
    pending.current = [];
    if (target.current !== null && frames.length > 0) deliver.current(target.current, frames);
  }, []);

  const stop = useCallback(() => {
    clearInterval(timer.current);
    timer.current = undefined;
    flush();
    target.current = null;
    setRecording(null);
  }, [flush]);

  const start = useCallback(
    (classId: number) => {
      if (target.current !== null) stop();
      target.current = classId;
      timer.current = setInterval(flush, BATCH_MS);
      setRecording(classId);
    },
    [flush, stop],
  );

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
          if (target.current !== null) pending.current.push(frame.pixels);
        }
      }
      handle = next();
    };
    const next = () =>
      byVideoFrame ? element.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
    handle = next();
    return () => {
      stopped = true;
      if (byVideoFrame) element.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    };
  }, [live, video, view, size, channels]);

  // The camera closing or the page going ends a recording: frames already taken are kept.
  useEffect(() => {
    if (!live && target.current !== null) stop();
  }, [live, stop]);
  useEffect(() => () => clearInterval(timer.current), []);

  return { recording: live ? recording : null, start, stop };
}
