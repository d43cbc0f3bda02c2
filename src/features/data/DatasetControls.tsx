/**
 * Choose the playground's dataset: a generator (with its size, noise and classes), a dataset that
 * ships with the app, or one stored in this browser.
 */
import { SHIPPED_CATALOG } from '../../core/data/catalog';
import { GENERATORS, type GeneratorName } from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { isShippedName } from '../../core/data/ref';
import { useAppStore } from '../../store';
import { NumberField } from '../ui/NumberField';
import { describeRecord } from './DatasetPreview';
import { datasetInfo, type DatasetChoice } from './slice';
import './data.css';

const valueOf = (choice: DatasetChoice, generator: GeneratorName): string =>
  choice.kind === 'generator'
    ? generator
    : choice.ref.kind === 'shipped'
      ? `shipped:${choice.ref.name}`
      : `local:${choice.ref.sha256}`;

function GeneratorFields({ disabled }: { disabled: boolean }) {
  const settings = useAppStore((s) => s.datasetSettings);
  const update = useAppStore((s) => s.setDatasetSettings);
  const info = GENERATOR_INFO[settings.generator];
  return (
    <>
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
    </>
  );
}

export function DatasetControls({ disabled }: { disabled: boolean }) {
  const datasetChoice = useAppStore((s) => s.datasetChoice);
  const datasetSettings = useAppStore((s) => s.datasetSettings);
  const dataset = useAppStore((s) => s.dataset);
  const storedDatasets = useAppStore((s) => s.storedDatasets);
  const activeRecord = useAppStore((s) => s.activeRecord);
  const datasetLoading = useAppStore((s) => s.datasetLoading);
  const error = useAppStore((s) => s.datasetError);
  const setDatasetSettings = useAppStore((s) => s.setDatasetSettings);
  const chooseStored = useAppStore((s) => s.chooseStored);
  const setDatasetLimit = useAppStore((s) => s.setDatasetLimit);
  const info = datasetInfo({ datasetChoice, datasetSettings, dataset, activeRecord });
  const local = storedDatasets.filter((record) => record.source.kind !== 'shipped');

  const choose = (value: string) => {
    const [kind, rest = ''] = value.split(/:(.*)/s);
    const generator = GENERATORS.find((g) => g === value);
    if (generator) {
      setDatasetSettings({ generator });
    } else if (kind === 'shipped' && isShippedName(rest)) {
      void chooseStored({ kind: 'shipped', name: rest });
    } else {
      const record = local.find((r) => r.sha256 === rest);
      if (record) void chooseStored({ kind: 'local', sha256: record.sha256, name: record.name });
    }
  };

  const status = error
    ? error
    : datasetLoading
      ? `${datasetLoading.label}…`
      : activeRecord && datasetChoice.kind === 'stored'
        ? describeRecord(activeRecord) +
          (datasetChoice.ref.limit ? `; training uses the first ${datasetChoice.ref.limit}` : '')
        : info?.task === 'classification'
          ? `${info.n} points, ${info.numClasses} classes`
          : `${info?.n ?? 0} points, regression`;

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <div className="field">
        <label htmlFor="dataset-select">Dataset</label>
        <select
          id="dataset-select"
          data-testid="dataset.select"
          value={valueOf(datasetChoice, datasetSettings.generator)}
          disabled={disabled}
          onChange={(event) => choose(event.target.value)}
        >
          <optgroup label="Generated">
            {GENERATORS.map((g) => (
              <option key={g} value={g}>
                {GENERATOR_INFO[g].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Shipped">
            {SHIPPED_CATALOG.map((entry) => (
              <option key={entry.id} value={`shipped:${entry.id}`}>
                {entry.title}
              </option>
            ))}
          </optgroup>
          {local.length > 0 && (
            <optgroup label="In this browser">
              {local.map((record) => (
                <option key={record.sha256} value={`local:${record.sha256}`}>
                  {record.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      {datasetChoice.kind === 'generator' && <GeneratorFields disabled={disabled} />}
      {datasetChoice.kind === 'stored' && activeRecord && (
        <NumberField
          label="Examples to use"
          value={datasetChoice.ref.limit ?? activeRecord.header.count}
          min={Math.min(10, activeRecord.header.count)}
          max={activeRecord.header.count}
          integer
          disabled={disabled}
          testId="dataset.limit"
          onChange={(limit) => setDatasetLimit(limit >= activeRecord.header.count ? null : limit)}
        />
      )}
      {datasetLoading && (
        <progress
          className="wide"
          aria-label={datasetLoading.label}
          max={datasetLoading.total ?? undefined}
          value={datasetLoading.total === null ? undefined : datasetLoading.loaded}
        />
      )}
      <p
        className={error ? 'status error' : 'status'}
        data-testid="dataset.status"
        role={error ? 'alert' : undefined}
      >
        {status}
      </p>
      <p className="muted">
        <a href="#/data">More datasets, imports and storage</a>
      </p>
    </section>
  );
}
