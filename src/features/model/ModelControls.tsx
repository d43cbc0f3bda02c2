/** Hidden layers of the playground network, its diagram and parameter count. */
import { ACTIVATIONS, type Activation } from '../../core/model/spec';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';
import { NetworkDiagram } from './NetworkDiagram';
import { datasetInfo } from '../data/slice';
import { MAX_HIDDEN_LAYERS, summaryFor } from './slice';

const HIDDEN_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== 'softmax').map((a) => ({
  value: a,
  label: a,
}));

export function ModelControls({ disabled }: { disabled: boolean }) {
  const hidden = useAppStore((s) => s.hidden);
  const datasetChoice = useAppStore((s) => s.datasetChoice);
  const datasetSettings = useAppStore((s) => s.datasetSettings);
  const generated = useAppStore((s) => s.dataset);
  const activeRecord = useAppStore((s) => s.activeRecord);
  const dataset = datasetInfo({ datasetChoice, datasetSettings, dataset: generated, activeRecord });
  const setHidden = useAppStore((s) => s.setHidden);
  const summary = summaryFor(hidden, dataset);

  const setUnits = (index: number, units: number) =>
    setHidden({ units: hidden.units.map((u, i) => (i === index ? units : u)) });

  const images = dataset?.inputShape.length === 3;
  // Images reach the dense layers as the flattened output of the convolution block.
  const firstDense = typeof summary === 'string' ? undefined : summary.layers[images ? 2 : -1];
  const inputs =
    typeof summary === 'string'
      ? 0
      : (firstDense?.outputShape ?? summary.inputShape).reduce((a, b) => a * b, 1);
  const outputs = typeof summary === 'string' ? 0 : (summary.outputShape[0] ?? 0);
  const output = dataset?.task === 'regression' ? 'linear' : 'softmax';

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <div className="layer-count">
        <span>
          {hidden.units.length} hidden layer{hidden.units.length === 1 ? '' : 's'}
        </span>
        <button
          type="button"
          aria-label="Remove a hidden layer"
          disabled={disabled || hidden.units.length === 0}
          onClick={() => setHidden({ units: hidden.units.slice(0, -1) })}
        >
          −
        </button>
        <button
          type="button"
          aria-label="Add a hidden layer"
          disabled={disabled || hidden.units.length >= MAX_HIDDEN_LAYERS}
          onClick={() => setHidden({ units: [...hidden.units, hidden.units.at(-1) ?? 8] })}
        >
          +
        </button>
      </div>
      <div className="units">
        {hidden.units.map((units, i) => (
          <NumberField
            key={i}
            label={`Layer ${i + 1} units`}
            value={units}
            min={1}
            max={256}
            integer
            disabled={disabled}
            onChange={(u) => setUnits(i, u)}
          />
        ))}
      </div>
      <SelectField<Activation>
        label="Activation"
        value={hidden.activation}
        options={HIDDEN_ACTIVATIONS}
        disabled={disabled}
        onChange={(activation) => setHidden({ activation })}
      />
      <NetworkDiagram
        layerSizes={[inputs, ...hidden.units, outputs]}
        layerLabels={[
          images ? 'conv features' : 'input',
          ...hidden.units.map((u) => `dense ${u} ${hidden.activation}`),
          `${output} ${outputs}`,
        ]}
      />
      {images && (
        <p className="muted">
          Images first pass a convolution block: conv2d 8 filters 3x3 relu, max-pooling 2x2,
          flatten.
        </p>
      )}
      {!dataset ? (
        <p className="status muted">Waiting for the dataset…</p>
      ) : typeof summary === 'string' ? (
        <p className="status error" role="alert">
          {summary}
        </p>
      ) : (
        <p className="status">
          Parameters: <span data-testid="model.params">{summary.totalParams}</span>
        </p>
      )}
    </section>
  );
}
