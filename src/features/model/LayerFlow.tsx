/** The model as a compact line of shapes, for stacks the unit diagram cannot draw (images, conv). */
import type { LayerSpec, LayerSummary } from '../../core/model/spec';
import { shapeText } from './format';

export function LayerFlow(props: {
  inputShape: readonly number[];
  layers: readonly LayerSpec[];
  rows: readonly (LayerSummary | null)[];
}) {
  return (
    <ol className="layer-flow" aria-label="Shapes through the model" data-testid="model.flow">
      <li>
        <span className="muted">input</span> {shapeText(props.inputShape)}
      </li>
      {props.layers.map((layer, i) => (
        <li key={i}>
          <span className="muted">{layer.type}</span> {shapeText(props.rows[i]?.outputShape)}
        </li>
      ))}
    </ol>
  );
}
