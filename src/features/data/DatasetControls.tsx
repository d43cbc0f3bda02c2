/**
 * Choose the playground's dataset: a generator (with its size, noise and classes), a toy sequence
 * task (with its size, length and vocabulary), a dataset that ships with the app, or one stored in
 * this browser; and, when the experiment names a stored
 * dataset this browser lacks, the step that asks for its file.
 */
import { SHIPPED_CATALOG } from '../../core/data/catalog';
import {
  GENERATORS,
  SEQUENCE_TASKS,
  type BuiltinDatasetRef,
  type DatasetRef,
  type SequenceTaskRef,
} from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import { SEQUENCE_LIMITS, SEQUENCE_TASK_INFO } from '../../core/data/sequence-tasks';
import { isShippedName } from '../../core/data/ref';
import { useAppStore } from '../../store';
import { currentInfo } from '../experiment/selectors';
import { NumberField } from '../ui/NumberField';
import {
  withGenerator,
  withLimit,
  withParams,
  withSequenceParams,
  withSequenceTask,
} from './dataset-edits';
import { describeRecord } from './DatasetPreview';
import { MissingDataset } from './MissingDataset';
import { pinnedName, storedRefOf } from './slice';
import './data.css';
import { counted } from '../../core/plural';

const valueOf = (ref: DatasetRef): string =>
  ref.kind === 'builtin'
    ? ref.generator
    : ref.kind === 'sequence'
      ? `sequence:${ref.task}`
      : ref.kind === 'shipped'
        ? `shipped:${ref.name}`
        : ref.kind === 'local'
          ? `local:${ref.sha256}`
          : `other:${ref.name}`;

function GeneratorFields({ dataset, disabled }: { dataset: BuiltinDatasetRef; disabled: boolean }) {
  const edit = useAppStore((s) => s.edit);
  const info = GENERATOR_INFO[dataset.generator];
  const { params } = dataset;
  const update = (field: 'size' | 'noise' | 'classes', value: number) =>
    edit({ type: 'dataset', dataset: withParams(dataset, { [field]: value }), field });
  return (
    <>
      <div className="field">
        <label htmlFor="noise">Noise {params.noise.toFixed(2)}</label>
        <input
          id="noise"
          type="range"
          min={0}
          max={0.5}
          step={0.01}
          value={params.noise}
          disabled={disabled}
          onChange={(e) => update('noise', Number(e.target.value))}
        />
      </div>
      <NumberField
        label="Points"
        value={params.size}
        min={20}
        max={5000}
        integer
        disabled={disabled}
        onChange={(size) => update('size', size)}
      />
      {info.classesEditable && (
        <NumberField
          label="Classes"
          value={params.classes ?? info.defaultClasses}
          min={info.minClasses}
          max={info.maxClasses}
          integer
          disabled={disabled}
          onChange={(classes) => update('classes', classes)}
        />
      )}
    </>
  );
}

function SequenceFields({ dataset, disabled }: { dataset: SequenceTaskRef; disabled: boolean }) {
  const edit = useAppStore((s) => s.edit);
  const info = SEQUENCE_TASK_INFO[dataset.task];
  const { params } = dataset;
  const update = (field: 'size' | 'length' | 'vocab', value: number) =>
    edit({ type: 'dataset', dataset: withSequenceParams(dataset, { [field]: value }), field });
  return (
    <>
      <p className="muted">{info.description}</p>
      <NumberField
        label="Examples"
        value={params.size}
        min={SEQUENCE_LIMITS.minSize}
        max={SEQUENCE_LIMITS.maxSize}
        integer
        disabled={disabled}
        testId="dataset.size"
        onChange={(size) => update('size', size)}
      />
      <NumberField
        label={dataset.task === 'addition' ? 'Digits per number' : 'Length'}
        value={params.length}
        min={info.minLength}
        max={info.maxLength}
        step={dataset.task === 'brackets' ? 2 : 1}
        integer
        disabled={disabled}
        testId="dataset.length"
        onChange={(length) => update('length', length)}
      />
      {info.symbols === null && (
        <NumberField
          label="Vocabulary (letters)"
          value={params.vocab}
          min={SEQUENCE_LIMITS.minVocab}
          max={SEQUENCE_LIMITS.maxVocab}
          integer
          disabled={disabled}
          testId="dataset.vocab"
          onChange={(vocab) => update('vocab', vocab)}
        />
      )}
    </>
  );
}

export function DatasetControls({ disabled }: { disabled: boolean }) {
  const dataset = useAppStore((s) => s.editor.experiment.dataset);
  const storedDatasets = useAppStore((s) => s.storedDatasets);
  const prepared = useAppStore((s) => s.prepared);
  const info = useAppStore(currentInfo);
  const edit = useAppStore((s) => s.edit);
  // Shipped data is listed above by name; a later version of it (relabelled...) is its own data.
  const local = storedDatasets.filter((record) => storedRefOf(record).kind === 'local');
  const record = prepared.record;
  const { loading, error, missing } = prepared;
  const where = useAppStore((s) => (s.place.kind === 'cell' ? 'notebook' : 'experiment'));

  const choose = (value: string) => {
    const [kind, rest = ''] = value.split(/:(.*)/s);
    const generator = GENERATORS.find((g) => g === value);
    const task = SEQUENCE_TASKS.find((t) => kind === 'sequence' && t === rest);
    if (generator) {
      edit({ type: 'dataset', dataset: withGenerator(dataset, generator) });
    } else if (task) {
      edit({ type: 'dataset', dataset: withSequenceTask(dataset, task) });
    } else if (kind === 'shipped' && isShippedName(rest)) {
      edit({ type: 'dataset', dataset: { kind: 'shipped', name: rest } });
    } else {
      const chosen = local.find((r) => r.sha256 === rest);
      if (chosen) {
        edit({
          type: 'dataset',
          dataset: { kind: 'local', sha256: chosen.sha256, name: chosen.name },
        });
      }
    }
  };

  const limit = 'limit' in dataset ? dataset.limit : undefined;
  const status = missing
    ? `This ${where} needs ${pinnedName(missing)}.`
    : error
      ? error
      : loading
        ? `${loading.label}…`
        : record
          ? describeRecord(record) + (limit ? `; training uses the first ${limit}` : '')
          : info === null
            ? 'Loading the dataset…'
            : info.task === 'sequence'
              ? `${counted(info.n, 'example')} of ${counted(info.inputShape[0] ?? 0, 'token')}, ` +
                `${counted(info.numClasses, 'token')} in the vocabulary`
              : info.task === 'classification'
                ? `${counted(info.n, 'point')}, ${counted(info.numClasses, 'class', 'classes')}`
                : `${counted(info.n, 'point')}, regression`;

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <div className="field">
        <label htmlFor="dataset-select">Dataset</label>
        <select
          id="dataset-select"
          data-testid="dataset.select"
          value={valueOf(dataset)}
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
          <optgroup label="Toy sequence tasks">
            {SEQUENCE_TASKS.map((t) => (
              <option key={t} value={`sequence:${t}`}>
                {SEQUENCE_TASK_INFO[t].label}
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
              {local.map((r) => (
                <option key={r.sha256} value={`local:${r.sha256}`}>
                  {r.lineage.version > 1 ? `${r.name} v${r.lineage.version}` : r.name}
                </option>
              ))}
            </optgroup>
          )}
          {(dataset.kind === 'url' ||
            dataset.kind === 'inline' ||
            (dataset.kind === 'local' && !local.some((r) => r.sha256 === dataset.sha256))) && (
            <optgroup label="This notebook's">
              <option value={valueOf(dataset)}>{dataset.name}</option>
            </optgroup>
          )}
        </select>
      </div>
      {dataset.kind === 'builtin' && <GeneratorFields dataset={dataset} disabled={disabled} />}
      {dataset.kind === 'sequence' && <SequenceFields dataset={dataset} disabled={disabled} />}
      {dataset.kind !== 'builtin' && dataset.kind !== 'sequence' && record && (
        <NumberField
          label="Examples to use"
          value={limit ?? record.header.count}
          min={Math.min(10, record.header.count)}
          max={record.header.count}
          integer
          disabled={disabled}
          testId="dataset.limit"
          onChange={(n) =>
            edit({
              type: 'dataset',
              dataset: withLimit(dataset, n >= record.header.count ? null : n),
              field: 'limit',
            })
          }
        />
      )}
      {loading && (
        <progress
          className="wide"
          aria-label={loading.label}
          max={loading.total ?? undefined}
          value={loading.total === null ? undefined : loading.loaded}
        />
      )}
      <p
        className={error ? 'status error' : 'status'}
        data-testid="dataset.status"
        role={error ? 'alert' : undefined}
      >
        {status}
      </p>
      {missing && <MissingDataset missing={missing} />}
      <p className="muted">
        <a href="#/data">More datasets, imports and storage</a>
      </p>
    </section>
  );
}
