/**
 * MediaStreamTrackProcessor (WebRTC's "breakout box", in Chromium), which TypeScript's DOM
 * library lacks: a camera track's own frames as a stream. Absent (undefined) in other browsers.
 */
interface MediaStreamTrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}

declare const MediaStreamTrackProcessor:
  | (new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => MediaStreamTrackProcessor)
  | undefined;
