/**
 * Where each attention head looks, for one example: row i is the token at position i, column j a
 * token at or before it, and the colour how much of i's attention goes to j. It is asked for again
 * at every epoch end, so the pattern (a diagonal for copying, the previous token for names) can be
 * watched forming. A sentence beside it says where the positions look most.
 */
import { useMemo, useState } from 'react';
import type { Tokenizer } from '../../core/data/dataset';
import { ExampleStepper } from './ExampleStepper';
import { Heatmap } from './Heatmap';
import { LayerPicker } from './LayerPicker';
import { attentionPattern, attentionSentence, headWeights } from './heatmap';
import { tokenLabel } from './token-text';
import { useLookInside } from './use-look-inside';

interface Props {
  tokenizer: Tokenizer;
  /** Examples in the dataset. */
  rows: number;
}

export function AttentionMaps({ tokenizer, rows }: Props) {
  const [row, setRow] = useState(0);
  const [layerAt, setLayerAt] = useState(0);
  const [headAt, setHeadAt] = useState(0);
  const source = useMemo(() => ({ kind: 'example' as const, row }), [row]);
  const inside = useLookInside(source);
  const layers = inside?.attention ?? [];
  const layer = layers[Math.min(layerAt, layers.length - 1)];
  const head = layer ? Math.min(headAt, layer.heads - 1) : 0;
  const length = inside?.tokens.length ?? 0;
  const labels = useMemo(
    () => Array.from(inside?.tokens ?? [], (id) => tokenLabel(tokenizer, id)),
    [inside, tokenizer],
  );
  const map = useMemo(
    () => (layer ? headWeights(layer.weights, length, head) : null),
    [layer, length, head],
  );

  return (
    <div data-testid="insights.attentionView">
      <div className="sequence-controls">
        <ExampleStepper row={row} rows={rows} onRow={setRow} />
        <LayerPicker
          layers={layers}
          at={layerAt}
          onPick={setLayerAt}
          testId="insights.attentionLayer"
        />
        {layer && (
          <label>
            Head{' '}
            <select
              value={head}
              data-testid="insights.attentionHead"
              onChange={(event) => setHeadAt(Number(event.target.value))}
            >
              {Array.from({ length: layer.heads }, (_, i) => (
                <option key={i} value={i}>
                  {i + 1} of {layer.heads}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {inside === null ? (
        <p className="muted">Asking the model…</p>
      ) : !layer || !map ? (
        <p className="muted">This model has no attention layers to look inside.</p>
      ) : (
        <>
          <Heatmap
            values={map}
            rows={length}
            columns={length}
            scale={1}
            rowLabels={labels}
            columnLabels={labels}
            label={`Attention of ${layer.layer}, head ${head + 1}, over the ${length} tokens "${labels.join(' ')}": row i is a token, column j a token at or before it; the stronger the colour, the more of i's attention goes to j.`}
            testId="insights.attention"
          />
          <p className="muted">{attentionSentence(attentionPattern(map, length))}</p>
        </>
      )}
    </div>
  );
}
