/**
 * Import your own data: a CSV (previewed with its column types before you choose the target),
 * images in a folder per class (a chosen folder or a ZIP), or text (TextImport). Everything is
 * read in the data worker.
 */
import { useId, useState } from 'react';
import {
  TASK_CHOICES,
  type CsvPreview,
  type HeaderChoice,
  type TaskChoice,
} from '../../core/data-protocol';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { useAppStore } from '../../store';
import { SelectField } from '../ui/SelectField';
import { ColumnTable } from './ColumnTable';
import { JobError } from './JobError';
import { JobProgress } from './JobProgress';
import { useDataJob } from './use-data-job';
import { openInPlayground } from './open-in-playground';
import { TextImport } from './TextImport';
import { counted } from '../../core/plural';

const HEADER_OPTIONS = [
  { value: 'auto' as const, label: 'detect' },
  { value: 'present' as const, label: 'names the columns' },
  { value: 'absent' as const, label: 'is data' },
];

const TASK_OPTIONS = TASK_CHOICES.map((value) => ({
  value,
  label: value === 'auto' ? 'decide from the target' : value,
}));

function Imported({ record, created }: { record: StoredDataset; created: boolean }) {
  return (
    <p className="status" role="status">
      {created ? 'Imported' : 'Already stored'} “{record.name}”.{' '}
      <button
        type="button"
        onClick={() =>
          openInPlayground({ kind: 'local', sha256: record.sha256, name: record.name })
        }
      >
        Use in playground
      </button>
    </p>
  );
}

function CsvImport() {
  const inputId = useId();
  const job = useDataJob();
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [target, setTarget] = useState(0);
  const [task, setTask] = useState<TaskChoice>('auto');
  const [header, setHeader] = useState<HeaderChoice>('auto');
  const [saved, setSaved] = useState<{ record: StoredDataset; created: boolean } | null>(null);

  const choose = async (chosen: File | undefined, firstRow: HeaderChoice = header) => {
    setPreview(null);
    setSaved(null);
    setFile(chosen ?? null);
    setHeader(firstRow);
    if (!chosen) return;
    const answer = await job.run({
      type: 'inspectCsv',
      file: { path: chosen.name, blob: chosen },
      header: firstRow,
    });
    if (!answer) return;
    setPreview(answer.preview);
    setTarget(answer.preview.header.length - 1);
  };

  const importIt = async () => {
    if (!file) return;
    const answer = await job.run({
      type: 'importCsv',
      file: { path: file.name, blob: file },
      header,
      target,
      task,
    });
    if (!answer) return;
    setSaved({ record: answer.record, created: answer.created });
    await refresh();
  };

  const columns = preview?.header.map((name, i) => ({ value: String(i), label: name })) ?? [];
  return (
    <div className="import-block">
      <h3>CSV</h3>
      <div className="field">
        <label htmlFor={inputId}>CSV file</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          data-testid="import.csvFile"
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </div>
      {preview && (
        <div data-testid="import.preview">
          <p className="muted">
            {counted(preview.rowCount, 'row')}, {counted(preview.header.length, 'column')} ·{' '}
            {preview.encoding} · delimiter “{preview.delimiter === '\t' ? 'tab' : preview.delimiter}
            ” · {preview.hasHeader ? 'header row found' : 'no header row: columns are numbered'}
          </p>
          <ColumnTable columns={preview.columns} target={preview.header[target]} />
          {preview.columns.some((c) => c.notes.length > 0) && (
            <ul className="notes">
              {preview.columns.flatMap((c) =>
                c.notes.map((note) => <li key={c.name + note}>{`${c.name}: ${note}`}</li>),
              )}
            </ul>
          )}
          <div className="settings-grid">
            <SelectField<HeaderChoice>
              label="First row"
              value={header}
              options={HEADER_OPTIONS}
              testId="import.header"
              onChange={(firstRow) => void choose(file ?? undefined, firstRow)}
            />
            <SelectField
              label="Target column (what to predict)"
              value={String(target)}
              options={columns}
              testId="import.target"
              onChange={(value) => setTarget(Number(value))}
            />
            <SelectField<TaskChoice>
              label="Task"
              value={task}
              options={TASK_OPTIONS}
              testId="import.task"
              onChange={setTask}
            />
          </div>
          {!job.progress && (
            <button type="button" data-testid="import.confirm" onClick={() => void importIt()}>
              Import
            </button>
          )}
        </div>
      )}
      {job.progress && <JobProgress progress={job.progress} onCancel={job.cancel} />}
      <JobError error={job.error} />
      {saved && <Imported {...saved} />}
    </div>
  );
}

const SIZE_OPTIONS = ['28', '32', '48', '64'].map((value) => ({
  value,
  label: `${value} x ${value}`,
}));
const CHANNEL_OPTIONS = [
  { value: '1', label: 'gray' },
  { value: '3', label: 'RGB' },
];

function ImagesImport() {
  const zipId = useId();
  const folderId = useId();
  const job = useDataJob();
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const [size, setSize] = useState('32');
  const [channels, setChannels] = useState('3');
  const [saved, setSaved] = useState<{ record: StoredDataset; created: boolean } | null>(null);

  const importFiles = async (files: FileList | null) => {
    setSaved(null);
    if (!files || files.length === 0) return;
    const list = Array.from(files, (file) => ({
      path: file.webkitRelativePath || file.name,
      blob: file as Blob,
    }));
    const first = list[0]?.path ?? 'images';
    const name = first.includes('/')
      ? (first.split('/')[0] ?? first)
      : first.replace(/\.zip$/i, '');
    const answer = await job.run({
      type: 'importImages',
      name,
      files: list,
      size: Number(size),
      channels: channels === '1' ? 1 : 3,
    });
    if (!answer) return;
    setSaved({ record: answer.record, created: answer.created });
    await refresh();
  };

  return (
    <div className="import-block">
      <h3>Images, a folder per class</h3>
      <div className="settings-grid">
        <SelectField
          label="Resize to"
          value={size}
          options={SIZE_OPTIONS}
          testId="import.imageSize"
          onChange={setSize}
        />
        <SelectField
          label="Colour"
          value={channels}
          options={CHANNEL_OPTIONS}
          testId="import.channels"
          onChange={setChannels}
        />
      </div>
      <div className="field">
        <label htmlFor={zipId}>A ZIP with a folder per class</label>
        <input
          id={zipId}
          type="file"
          accept=".zip,application/zip"
          data-testid="import.imagesZip"
          onChange={(event) => void importFiles(event.target.files)}
        />
      </div>
      <div className="field">
        <label htmlFor={folderId}>Or a folder holding a folder per class</label>
        <input
          id={folderId}
          type="file"
          data-testid="import.imagesFolder"
          {...{ webkitdirectory: '' }}
          onChange={(event) => void importFiles(event.target.files)}
        />
      </div>
      {job.progress && <JobProgress progress={job.progress} onCancel={job.cancel} />}
      <JobError error={job.error} />
      {saved && <Imported {...saved} />}
    </div>
  );
}

function TextBlock() {
  const [saved, setSaved] = useState<{ record: StoredDataset; created: boolean } | null>(null);
  return (
    <>
      <TextImport onSaved={setSaved} />
      {saved && <Imported {...saved} />}
    </>
  );
}

export function ImportPanel() {
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import your data</h2>
      <CsvImport />
      <ImagesImport />
      <TextBlock />
      <p className="muted hint-left">
        CSV: numeric columns are scaled to mean 0 and deviation 1, text columns become one-hot
        columns; a missing number takes its column&apos;s mean, a missing category is a category of
        its own, and rows without a target are left out.
      </p>
    </section>
  );
}
