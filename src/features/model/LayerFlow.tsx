/**
 * The model as a compact line of shapes, for stacks the unit diagram cannot draw (images, conv,
 * sequences). A residual block is a bracketed group of its own shapes, then the sum with its input.
 */
import type { LayerSpec } from '../../core/model/spec';
import type { Rows } from '../../core/model/stack-analysis';
import { shapeText } from './format';

export function LayerFlow(props: {
  inputShape: readonly number[];
  layers: readonly LayerSpec[];
  rows: Rows;
  inner: readonly (Rows | null)[];
}) {
  return (
    <ol className="layer-flow" aria-label="Shapes through the model" data-testid="model.flow">
      <li>
        <span className="muted">input</span> {shapeText(props.inputShape)}
      </li>
      {props.layers.map((layer, i) => (
        <li key={i}>
          {layer.type === 'residual' ? (
            <span className="flow-block" aria-label={`residual block ${i + 1}`}>
              [
              <ol className="layer-flow nested">
                {layer.layers.map((inner, j) => (
                  <li key={j}>
                    <span className="muted">{inner.type}</span>{' '}
                    {shapeText(props.inner[i]?.[j]?.outputShape)}
                  </li>
                ))}
              </ol>
              ] <span className="muted">+ input</span> {shapeText(props.rows[i]?.outputShape)}
            </span>
          ) : (
            <>
              <span className="muted">{layer.type}</span> {shapeText(props.rows[i]?.outputShape)}
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
