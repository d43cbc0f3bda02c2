/**
 * The webcam's part of the capture page: the frame format, the button that opens the camera (the
 * browser asks for it only then), why it did not open, and the live preview beside what a model
 * will see (the frame at the chosen size and colour).
 */
import type { ReactNode, RefObject } from 'react';
import type { useCamera } from './use-camera';

interface Props {
  camera: ReturnType<typeof useCamera>;
  video: RefObject<HTMLVideoElement | null>;
  view: RefObject<HTMLCanvasElement | null>;
  size: number;
  /** Why frames cannot be read from the open camera, if they cannot. */
  frameProblem: string | null;
  children: ReactNode;
}

export function CameraPanel({ camera, video, view, size, frameProblem, children }: Props) {
  const { state } = camera;
  const on = state.status === 'on';
  return (
    <section className="panel capture-camera" aria-labelledby="capture-camera-heading">
      <h2 id="capture-camera-heading">Webcam</h2>
      {children}
      <p>
        {on ? (
          <button type="button" data-testid="capture.closeCamera" onClick={camera.close}>
            Close the camera
          </button>
        ) : (
          <button
            type="button"
            data-testid="capture.webcam"
            disabled={state.status === 'opening'}
            onClick={() => void camera.open()}
          >
            {state.status === 'opening' ? 'Opening the camera…' : 'Open the camera'}
          </button>
        )}{' '}
        {state.status === 'off' && (
          <span className="muted">
            The browser will ask you to allow it. Nothing leaves this page.
          </span>
        )}
      </p>
      {state.status === 'error' && (
        <p
          className="error"
          role="alert"
          data-testid="capture.error"
          data-problem={state.error.problem}
        >
          {state.error.message}
        </p>
      )}
      {frameProblem && (
        <p className="error" role="alert" data-testid="capture.error" data-problem="frames">
          {frameProblem} Close the camera and open it again; if that does not help, reload the page.
        </p>
      )}
      <div className="capture-preview" hidden={!on}>
        <figure>
          <video
            ref={video}
            muted
            playsInline
            data-testid="capture.preview"
            aria-label="Camera preview"
          />
          <figcaption className="muted">Camera</figcaption>
        </figure>
        <figure>
          <canvas
            ref={view}
            width={size}
            height={size}
            data-testid="capture.view"
            role="img"
            aria-label="What the model sees"
          />
          <figcaption className="muted">
            What the model sees ({size} x {size})
          </figcaption>
        </figure>
      </div>
    </section>
  );
}
