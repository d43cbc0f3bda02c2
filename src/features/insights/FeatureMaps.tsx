/**
 * What each conv and pooling layer makes of one image: every channel of its output as a small
 * grey tile (bright where the filter responds). The image is a validation example, stepped
 * through with buttons, or the user's drawing.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureMap } from '../../core/protocol';
import { useAppStore } from '../../store';
import type { ImageSource } from './ConfusionMatrix';
import { ExampleTile } from './ExampleTile';
import { channelRgba } from './pixels';
import { useRowSample } from './use-row-sample';
import { counted } from '../../core/plural';

/** Tiles per layer: a layer with 128 filters would be a wall of canvases. */
const MAX_CHANNELS = 32;
/** Waits this long after a change before asking: the worker rebuilds its model after edits. */
const ASK_DELAY_MS = 300;

interface Props {
  images: ImageSource;
  /** Dataset rows of the validation examples, when the worker has sent them. */
  validationRows: Int32Array | null;
  /** The drawing pad's current input, if something is drawn. */
  drawing: Float32Array | null;
}

export function FeatureMaps({ images, validationRows, drawing }: Props) {
  const [position, setPosition] = useState(0);
  const [source, setSource] = useState<'example' | 'drawing'>('example');
  const count = validationRows?.length ?? 0;
  const at = count > 0 ? Math.min(position, count - 1) : position;
  // Before the first epoch there are no validation rows: step through the dataset instead.
  const row = validationRows ? (validationRows[at] ?? 0) : at;
  const { sample, error } = useRowSample(images.sha256, source === 'example' ? [row] : []);
  const example = useMemo(() => (sample ? scaled(sample.x) : null), [sample]);
  const input = source === 'drawing' ? drawing : example;
  const maps = useFeatureMaps(input);

  return (
    <div className="feature-maps" data-testid="insights.featureMaps">
      <div className="feature-source" role="group" aria-label="Image to look at">
        <label>
          <input
            type="radio"
            name="feature-source"
            checked={source === 'example'}
            onChange={() => setSource('example')}
          />{' '}
          {validationRows ? 'Validation example' : 'Dataset example'}
        </label>
        <button
          type="button"
          aria-label="Previous example"
          disabled={source !== 'example' || at === 0}
          onClick={() => setPosition(at - 1)}
        >
          ‹
        </button>
        <span className="muted">row {row}</span>
        <button
          type="button"
          aria-label="Next example"
          disabled={source !== 'example' || (count > 0 && at >= count - 1)}
          onClick={() => setPosition(at + 1)}
        >
          ›
        </button>
        <label>
          <input
            type="radio"
            name="feature-source"
            checked={source === 'drawing'}
            onChange={() => setSource('drawing')}
          />{' '}
          Your drawing
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {input && (
        <ExampleTile x={input} index={0} shape={images.shape} label="The image the maps are of">
          input
        </ExampleTile>
      )}
      {!input ? (
        <p className="muted">
          {source === 'drawing' ? 'Draw something on the pad first.' : 'Loading the example…'}
        </p>
      ) : maps === null ? (
        <p className="muted">Asking the model…</p>
      ) : maps.length === 0 ? (
        <p className="muted">This model has no conv or pooling layers to look inside.</p>
      ) : (
        maps.map((map) => <LayerMaps key={map.layer} map={map} />)
      )}
    </div>
  );
}

/** Pixels of one example to the [0, 1] values the model takes. */
function scaled(x: Uint8Array | Float32Array): Float32Array {
  if (x instanceof Float32Array) return x;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] ?? 0) / 255;
  return out;
}

/**
 * The maps for `input` from the worker, asked again when the model changes (an epoch ends, a new
 * model is made, the backend changes); null until the latest answer is in, none when the worker
 * could not answer.
 */
function useFeatureMaps(input: Float32Array | null): FeatureMap[] | null {
  const epoch = useAppStore((s) => s.insights?.epoch ?? -1);
  const model = useAppStore((s) => s.modelKey);
  const backend = useAppStore((s) => s.backend);
  const [answer, setAnswer] = useState<{ input: Float32Array; maps: FeatureMap[] } | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    if (!input || !backend) return;
    const asked = ++latest.current;
    const timer = setTimeout(() => {
      void useAppStore
        .getState()
        .ask({ type: 'featureMaps', input: input.slice() })
        .then((answer) => {
          if (asked !== latest.current) return;
          setAnswer({ input, maps: answer.ok ? answer.value.maps : [] });
        });
    }, ASK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input, epoch, model, backend]);
  return answer && answer.input === input ? answer.maps : null;
}

function LayerMaps({ map }: { map: FeatureMap }) {
  const [height = 1, width = 1, channels = 1] = map.shape;
  const shown = Math.min(channels, MAX_CHANNELS);
  return (
    <figure className="layer-maps">
      <figcaption>
        <strong>{map.layer}</strong>{' '}
        <span className="muted">
          {height}×{width}, {counted(channels, 'channel')}
          {shown < channels ? ` (first ${shown} shown)` : ''}
        </span>
      </figcaption>
      <div className="map-tiles">
        {Array.from({ length: shown }, (_, channel) => (
          <ChannelTile key={channel} map={map} channel={channel} />
        ))}
      </div>
    </figure>
  );
}

function ChannelTile({ map, channel }: { map: FeatureMap; channel: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height = 1, width = 1] = map.shape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const rgba = channelRgba(map.values, map.shape, channel);
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [map, channel, width, height]);
  return (
    <canvas
      ref={canvas}
      width={width}
      height={height}
      role="img"
      aria-label={`${map.layer}, channel ${channel + 1}`}
    />
  );
}
