/**
 * The camera's pictures as they come, for the frames worker. Where the browser has
 * MediaStreamTrackProcessor (Chromium), the camera track's own frames: they are the camera's
 * buffers in memory, so copying one out needs no GPU, and they come at the camera's pace. The
 * video element's picture is instead the copy that the page's compositor shows, on the GPU in
 * Chromium: reading it waited for the GPU process, and new ones stopped coming while that process
 * was busy (for over a second while a backend measurement on WebGPU ran in another worker).
 * Elsewhere, a VideoFrame of the video element on each picture it shows.
 */

/** Gets each new picture, which it must close (or hand on to something that will). */
export type OnPicture = (picture: VideoFrame) => void;

/** Whether this browser has VideoFrame (WebCodecs), as every current browser has. */
export const canReadFrames = (): boolean => typeof VideoFrame === 'function';

function watchTrack(track: MediaStreamTrack, onPicture: OnPicture): (() => void) | null {
  if (typeof MediaStreamTrackProcessor !== 'function') return null;
  // A frame not taken at once is dropped by the processor, not queued.
  const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 1 }).readable.getReader();
  let stopped = false;
  const pump = async () => {
    for (;;) {
      const read = await reader.read().catch(() => null);
      if (!read || read.done) return;
      if (stopped) {
        read.value.close();
        return;
      }
      onPicture(read.value);
    }
  };
  void pump();
  return () => {
    stopped = true;
    reader.cancel().catch(() => undefined);
  };
}

function watchVideo(video: HTMLVideoElement, onPicture: OnPicture): () => void {
  let stopped = false;
  let handle = 0;
  let shown = -1;
  const byVideoFrame = typeof video.requestVideoFrameCallback === 'function';
  const tick = () => {
    if (stopped) return;
    // Without video-frame callbacks, a picture already taken is not taken again.
    if (byVideoFrame || video.currentTime !== shown) {
      shown = video.currentTime;
      try {
        onPicture(new VideoFrame(video));
      } catch {
        // The video has no picture yet (it is starting, or its stream just ended).
      }
    }
    handle = byVideoFrame ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };
  tick();
  return () => {
    stopped = true;
    if (byVideoFrame) video.cancelVideoFrameCallback(handle);
    else cancelAnimationFrame(handle);
  };
}

/**
 * Calls `onPicture` with each picture of the open camera `stream`, which `video` shows (where
 * canReadFrames); the returned function stops.
 */
export function watchPictures(
  video: HTMLVideoElement,
  stream: MediaStream,
  onPicture: OnPicture,
): () => void {
  const track = stream.getVideoTracks()[0];
  return (track && watchTrack(track, onPicture)) ?? watchVideo(video, onPicture);
}
