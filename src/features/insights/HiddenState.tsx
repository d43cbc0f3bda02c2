/**
 * A recurrent layer's hidden state after each token of one example: a column per token, a row per
 * unit, blue for positive and orange for negative values. Asked for again at every epoch end.
 */
import { useMemo, useState } from 'react';
import type { Tokenizer } from '../../core/data/dataset';
import { ExampleStepper } from './ExampleStepper';
import { Heatmap } from './Heatmap';
import { LayerPicker } from './LayerPicker';
import { peakMagnitude } from './heatmap';
import { tokenLabel } from './token-text';
import { useLookInside } from './use-look-inside';

interface Props {
  tokenizer: Tokenizer;
  rows: number;
}

/** [length, units] row-major to [units, length]: time runs left to right. */
function unitsByPosition(values: Float32Array, length: number, units: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let t = 0; t < length; t++) {
    for (let u = 0; u < units; u++) out[u * length + t] = values[t * units + u] as number;
  }
  return out;
}

/** The unit whose state moves most over the sequence (largest range). */
function busiestUnit(values: Float32Array, length: number, units: number): number {
  let best = 0;
  let bestRange = -1;
  for (let u = 0; u < units; u++) {
    const row = values.subarray(u * length, (u + 1) * length);
    const range = Math.max(...row) - Math.min(...row);
    if (range > bestRange) {
      bestRange = range;
      best = u;
    }
  }
  return best;
}

export function HiddenState({ tokenizer, rows }: Props) {
  const [row, setRow] = useState(0);
  const [layerAt, setLayerAt] = useState(0);
  const source = useMemo(() => ({ kind: 'example' as const, row }), [row]);
  const inside = useLookInside(source);
  const layers = inside?.hidden ?? [];
  const layer = layers[Math.min(layerAt, layers.length - 1)];
  const length = inside?.tokens.length ?? 0;
  const labels = useMemo(
    () => Array.from(inside?.tokens ?? [], (id) => tokenLabel(tokenizer, id)),
    [inside, tokenizer],
  );
  const grid = useMemo(
    () => (layer ? unitsByPosition(layer.values, length, layer.units) : null),
    [layer, length],
  );
  const peak = grid ? peakMagnitude(grid) : 0;

  return (
    <div data-testid="insights.hiddenStateView">
      <div className="sequence-controls">
        <ExampleStepper row={row} rows={rows} onRow={setRow} />
        <LayerPicker
          layers={layers}
          at={layerAt}
          onPick={setLayerAt}
          testId="insights.hiddenLayer"
        />
      </div>
      {inside === null ? (
        <p className="muted">Asking the model…</p>
      ) : !layer || !grid ? (
        <p className="muted">This model has no recurrent layers to look inside.</p>
      ) : (
        <>
          <Heatmap
            values={grid}
            rows={layer.units}
            columns={length}
            scale={peak}
            rowLabels={[]}
            columnLabels={labels}
            label={`Hidden state of ${layer.layer} after each of the ${length} tokens "${labels.join(' ')}": a column per token, a row per unit (${layer.units}), blue positive, orange negative.`}
            testId="insights.hiddenState"
          />
          <p className="muted">
            {layer.units} units over {length} tokens, largest magnitude {peak.toFixed(2)}; unit{' '}
            {busiestUnit(grid, length, layer.units) + 1} changes most along the sequence.
          </p>
        </>
      )}
    </div>
  );
}
