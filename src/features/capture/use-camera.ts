/**
 * The webcam, opened only when the user asks (`open`) and stopped on `close` or when the page
 * goes. A refusal or a missing camera becomes a CameraError to show. The page shows `stream` in
 * its <video>.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { cameraError, type CameraError } from './camera-errors';

export type CameraState =
  | { status: 'off' }
  | { status: 'opening' }
  | { status: 'on'; stream: MediaStream }
  | { status: 'error'; error: CameraError };

/**
 * Frames are cut down to 64 x 64 at most, so a small picture is plenty, and each frame of a
 * larger one would cost the camera, the compositor and the page more for nothing.
 */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 30 } },
};

const stopAll = (stream: MediaStream | null) => {
  for (const track of stream?.getTracks() ?? []) track.stop();
};

export function useCamera() {
  const [state, setState] = useState<CameraState>({ status: 'off' });
  const stream = useRef<MediaStream | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      stopAll(stream.current);
      stream.current = null;
    };
  }, []);

  const close = useCallback(() => {
    stopAll(stream.current);
    stream.current = null;
    setState({ status: 'off' });
  }, []);

  const open = useCallback(async () => {
    // Absent outside a secure context: the browser offers no camera at all there.
    const devices = 'mediaDevices' in navigator ? navigator.mediaDevices : undefined;
    if (!devices?.getUserMedia) {
      setState({ status: 'error', error: cameraError(null) });
      return;
    }
    setState({ status: 'opening' });
    try {
      const opened = await devices.getUserMedia(CONSTRAINTS);
      if (!mounted.current) {
        stopAll(opened);
        return;
      }
      stream.current = opened;
      setState({ status: 'on', stream: opened });
    } catch (error) {
      if (mounted.current) setState({ status: 'error', error: cameraError(error) });
    }
  }, []);

  return { state, open, close };
}
