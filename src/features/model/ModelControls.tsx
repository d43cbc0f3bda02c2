/** Hidden layers of the playground network, its diagram and parameter count. */
import { ACTIVATIONS, type Activation } from '../../core/model/spec';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';
import { NetworkDiagram } from './NetworkDiagram';
import { MAX_HIDDEN_LAYERS, summaryFor } from './slice';

const HIDDEN_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== 'softmax').map((a) => ({
  value: a,
  label: a,
}));

export function ModelControls({ disabled }: { disabled: boolean }) {
  const hidden = useAppStore((s) => s.hidden);
  const dataset = useAppStore((s) => s.dataset);
  const setHidden = useAppStore((s) => s.setHidden);
  const summary = summaryFor(hidden, dataset);

  const setUnits = (index: number, units: number) =>
    setHidden({ units: hidden.units.map((u, i) => (i === index ? units : u)) });

  const inputs = typeof summary === 'string' ? 0 : (summary.inputShape[0] ?? 0);
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
          'input',
          ...hidden.units.map((u) => `dense ${u} ${hidden.activation}`),
          `${output} ${outputs}`,
        ]}
      />
      {typeof summary === 'string' ? (
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
