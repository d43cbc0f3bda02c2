/**
 * Frames from the open camera at the chosen size: each new picture of the camera (pictures.ts),
 * at most MAX_FPS a second, goes to the frames worker (frames-client.ts), which cuts it to the
 * centred, mirrored size x size frame; the answer is shown in the model's-view canvas. The page
 * never reads pixels itself: a read can wait on the GPU process, for over a second while another
 * worker keeps it busy. While a class records, its frames collect here and reach the page
 * (`onFrames`) every BATCH_MS and on release: the page then renders ten times a second, not once
 * per frame.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Channels } from '../../core/capture/frame-pixels';
import { readFrame } from './frames-client';
import { paintRgba } from './paint';
import { canReadFrames, watchPictures } from './pictures';

const MAX_FPS = 30;
/** Slack for pictures that come a little early: 30 fps must not become 15. */
const MIN_GAP_MS = 1000 / MAX_FPS - 4;
const BATCH_MS = 100;
const NO_VIDEO_FRAME =
  'This browser cannot read camera frames (it lacks WebCodecs). Use a current Chrome, Edge, ' +
  'Firefox or Safari, or draw examples below.';
/**
 * Pictures on their way to the worker at once: enough to keep it busy between frames; more would
 * only hold camera buffers while the worker is behind (a picture that finds two waiting is skipped).
 */
const MAX_IN_FLIGHT = 2;

interface Options {
  video: RefObject<HTMLVideoElement | null>;
  /** Shows each frame as the model will see it (scaled up by CSS). */
  view: RefObject<HTMLCanvasElement | null>;
  /** The open camera, which `video` shows; null while it is closed. */
  stream: MediaStream | null;
  size: number;
  channels: Channels;
  onFrames(classId: number, frames: Uint8Array[]): void;
}

export function useFrames({ video, view, stream, size, channels, onFrames }: Options) {
  const live = stream !== null;
  const [recording, setRecording] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const failing = useRef(false);
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

  /** A frame taken while `classId` recorded: kept even when it comes back after the release. */
  const keep = useCallback((classId: number, pixels: Uint8Array) => {
    if (target.current === classId) pending.current.push(pixels);
    else deliver.current(classId, [pixels]);
  }, []);

  useEffect(() => {
    const element = video.current;
    if (!stream || !element || !canReadFrames()) return;
    let stopped = false;
    let last = -Infinity;
    let inFlight = 0;
    const read = async (picture: VideoFrame) => {
      const recordingFor = target.current;
      inFlight++;
      const frame = await readFrame(picture, size, channels);
      inFlight--;
      if (stopped) return;
      if (!frame.ok) {
        failing.current = true;
        setProblem(`Frames could not be read from the camera: ${frame.error.message}`);
        return;
      }
      if (failing.current) {
        failing.current = false;
        setProblem(null);
      }
      if (view.current) paintRgba(view.current, frame.value.view, size);
      if (recordingFor !== null) keep(recordingFor, frame.value.pixels);
    };
    const unwatch = watchPictures(element, stream, (picture) => {
      const now = performance.now();
      if (stopped || now - last < MIN_GAP_MS || inFlight >= MAX_IN_FLIGHT) {
        picture.close();
        return;
      }
      last = now;
      void read(picture);
    });
    return () => {
      stopped = true;
      unwatch();
    };
  }, [stream, video, view, size, channels, keep]);

  // The camera closing or the page going ends a recording: frames already taken are kept.
  useEffect(() => {
    if (!live && target.current !== null) stop();
  }, [live, stop]);
  useEffect(() => () => clearInterval(timer.current), []);

  const shown = canReadFrames() ? problem : NO_VIDEO_FRAME;
  return { recording: live ? recording : null, problem: live ? shown : null, start, stop };
}
