/** Choose the playground's dataset: generator, size, noise and classes. */
import { GENERATORS } from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { SelectField } from '../ui/SelectField';

const OPTIONS = GENERATORS.map((g) => ({ value: g, label: GENERATOR_INFO[g].label }));

export function DatasetControls({ disabled }: { disabled: boolean }) {
  const settings = useAppStore((s) => s.datasetSettings);
  const dataset = useAppStore((s) => s.dataset);
  const error = useAppStore((s) => s.datasetError);
  const update = useAppStore((s) => s.setDatasetSettings);
  const info = GENERATOR_INFO[settings.generator];

  const status = error
    ? error
    : dataset?.task === 'classification'
      ? `${dataset.n} points, ${dataset.numClasses} classes`
      : `${dataset?.n ?? 0} points, regression`;

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <SelectField
        label="Dataset"
        value={settings.generator}
        options={OPTIONS}
        disabled={disabled}
        testId="dataset.select"
        onChange={(generator) => update({ generator })}
      />
      <div className="field">
        <label htmlFor="noise">Noise {settings.noise.toFixed(2)}</label>
        <input
          id="noise"
          type="range"
          min={0}
          max={0.5}
          step={0.01}
          value={settings.noise}
          disabled={disabled}
          onChange={(e) => update({ noise: Number(e.target.value) })}
        />
      </div>
      <NumberField
        label="Points"
        value={settings.size}
        min={20}
        max={5000}
        integer
        disabled={disabled}
        onChange={(size) => update({ size })}
      />
      {info.classesEditable && (
        <NumberField
          label="Classes"
          value={settings.classes}
          min={info.minClasses}
          max={info.maxClasses}
          integer
          disabled={disabled}
          onChange={(classes) => update({ classes })}
        />
      )}
      <p
        className={error ? 'status error' : 'status'}
        data-testid="dataset.status"
        role={error ? 'alert' : undefined}
      >
        {status}
      </p>
    </section>
  );
}
