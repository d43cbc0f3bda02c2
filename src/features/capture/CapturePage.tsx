/**
 * The capture page (#/capture): make an image dataset from the webcam and the drawing pad, a
 * class per row, and save it like an import; or (#/capture/<sha256>) add examples to a stored
 * image dataset, saved as its next version. The camera is asked for only when the user presses
 * Open the camera.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { SelectField } from '../ui/SelectField';
import { CameraPanel } from './CameraPanel';
import { ClassRow } from './ClassRow';
import { DrawPanel } from './DrawPanel';
import { SavePanel } from './SavePanel';
import { captureReducer, exampleCount, newCaptureSet } from './capture-set';
import type { CaptureFormat } from './extendable';
import type { Channels } from '../../core/capture/frame-pixels';
import { useCamera } from './use-camera';
import { useFrames } from './use-frames';
import { useParent } from './use-parent';
import './capture.css';

const SIZES = ['28', '32', '64'] as const;
const SIZE_OPTIONS = SIZES.map((s) => ({ value: s, label: `${s} x ${s}` }));
const COLOUR_OPTIONS = [
  { value: '1', label: 'gray' },
  { value: '3', label: 'RGB' },
] as const;
const NEW_FORMAT: CaptureFormat = { size: 32, channels: 3 };

export function CapturePage({ parent }: { parent: string | null }) {
  const target = useParent(parent);
  switch (target.status) {
    case 'none':
      return <Capture key="new" parent={null} format={NEW_FORMAT} />;
    case 'ready':
      return <Capture key={target.record.sha256} parent={target.record} format={target.format} />;
    case 'loading':
      return (
        <main className="capture-page">
          <p className="muted">Reading the dataset…</p>
        </main>
      );
    case 'refused':
      return (
        <main className="capture-page">
          <h1>Add examples</h1>
          <p className="error" role="alert" data-testid="capture.error">
            {target.message}
          </p>
          <a href="#/capture">Make a new dataset instead</a>
        </main>
      );
  }
}

function Capture({ parent, format }: { parent: StoredDataset | null; format: CaptureFormat }) {
  const [set, dispatch] = useReducer(captureReducer, null, () =>
    newCaptureSet(format.size, format.channels, parent?.header.classNames),
  );
  const video = useRef<HTMLVideoElement>(null);
  const view = useRef<HTMLCanvasElement>(null);
  const camera = useCamera();
  const stream = camera.state.status === 'on' ? camera.state.stream : null;
  const live = stream !== null;
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    // play() is refused only when a newer stream replaces this one before it starts.
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  const onFrames = useCallback(
    (classId: number, frames: Uint8Array[]) => dispatch({ type: 'addFrames', classId, frames }),
    [],
  );
  const { size, channels } = set;
  const frames = useFrames({ video, view, stream, size, channels, onFrames });
  const shape = useMemo(() => [size, size, channels] as const, [size, channels]);
  const locked = parent !== null || exampleCount(set) > 0;
  const parentClasses = parent?.header.classNames ?? [];

  return (
    <main className="capture-page">
      <header className="capture-intro">
        <h1>{parent ? `Add examples to ${parent.name}` : 'Make your own dataset'}</h1>
        <p className="muted">
          {parent
            ? `Version ${parent.lineage.version}. What you add is saved as version ${parent.lineage.version + 1}; the examples it holds stay as they are.`
            : 'Show the camera a few examples of each class (hold the record button), or draw them, then save and train.'}
        </p>
      </header>
      <CameraPanel
        camera={camera}
        video={video}
        view={view}
        size={size}
        frameProblem={frames.problem}
      >
        <div className="settings-grid">
          <SelectField
            label="Frame size"
            value={String(size)}
            options={SIZE_OPTIONS}
            disabled={locked}
            testId="capture.size"
            onChange={(value) => dispatch({ type: 'format', size: Number(value), channels })}
          />
          <SelectField
            label="Colour"
            value={channels === 1 ? '1' : '3'}
            options={COLOUR_OPTIONS}
            disabled={locked}
            testId="capture.colour"
            onChange={(value) =>
              dispatch({ type: 'format', size, channels: (value === '1' ? 1 : 3) as Channels })
            }
          />
        </div>
        {locked && (
          <p className="muted capture-note">
            {parent
              ? `${size} x ${size} ${channels === 1 ? 'gray' : 'RGB'}, as the dataset's images are.`
              : 'Delete the examples to change the size or colour.'}
          </p>
        )}
      </CameraPanel>
      <section className="panel capture-classes" aria-labelledby="capture-classes-heading">
        <h2 id="capture-classes-heading">Classes</h2>
        <ol className="capture-class-list">
          {set.classes.map((row) => {
            const stored = parentClasses.indexOf(row.name);
            return (
              <ClassRow
                key={row.id}
                row={row}
                shape={shape}
                stored={parent && stored >= 0 ? (parent.classCounts[stored] ?? 0) : null}
                live={live}
                recording={frames.recording === row.id}
                fixed={parent !== null && row.id < parentClasses.length}
                dispatch={dispatch}
                onRecord={frames.start}
                onStop={frames.stop}
              />
            );
          })}
        </ol>
        <button
          type="button"
          data-testid="capture.addClass"
          disabled={set.classes.length >= 64}
          onClick={() => dispatch({ type: 'addClass' })}
        >
          Add a class
        </button>
      </section>
      <DrawPanel set={set} dispatch={dispatch} />
      <SavePanel set={set} parent={parent} busy={frames.recording !== null} />
    </main>
  );
}
