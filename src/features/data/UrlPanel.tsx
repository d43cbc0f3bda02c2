/** "Dataset from URL": a CSV, an image ZIP, IDX or a sprite, with an optional SHA-256 per file. */
import { useId, useState } from 'react';
import {
  FORMAT_FILES,
  FORMAT_LABELS,
  REMOTE_FORMATS,
  type RemoteFormat,
} from '../../core/data/catalog';
import { useAppStore } from '../../store';
import { SelectField } from '../ui/SelectField';
import { JobError } from './JobError';
import { JobProgress } from './JobProgress';
import { useDataJob } from './use-data-job';

const FORMAT_OPTIONS = REMOTE_FORMATS.map((value) => ({ value, label: FORMAT_LABELS[value] }));

function TextField(props: {
  label: string;
  value: string;
  testId: string;
  placeholder?: string;
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        data-testid={props.testId}
        spellCheck={false}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

export function UrlPanel() {
  const [format, setFormat] = useState<RemoteFormat>('csv');
  const [name, setName] = useState('');
  const [urls, setUrls] = useState(['', '']);
  const [hashes, setHashes] = useState(['', '']);
  const job = useDataJob();
  const refresh = useAppStore((s) => s.refreshStoredDatasets);
  const roles = FORMAT_FILES[format];
  const at = (list: string[], index: number, value: string) =>
    list.map((old, i) => (i === index ? value : old));

  const download = async () => {
    const files = roles.map((_, i) => ({
      url: (urls[i] ?? '').trim(),
      sha256: (hashes[i] ?? '').trim() || null,
    }));
    if (files.some((file) => !file.url)) {
      job.setError(`Enter the address of every file: ${roles.join(' and ')}.`);
      return;
    }
    // Without a name typed, the first file's, less its extension ("regression.csv.gz": regression).
    const file = files[0]?.url.split(/[?#]/)[0]?.split('/').pop() ?? '';
    const fallback = file.replace(/(\.[a-z0-9]{1,8})+$/i, '') || 'Downloaded dataset';
    const saved = await job.run({ type: 'download', name: name.trim() || fallback, format, files });
    if (saved) await refresh();
  };

  return (
    <section className="panel" aria-labelledby="url-heading">
      <h2 id="url-heading">Dataset from URL</h2>
      <SelectField<RemoteFormat>
        label="Format"
        value={format}
        options={FORMAT_OPTIONS}
        testId="url.format"
        onChange={setFormat}
      />
      {roles.map((role, i) => (
        <div key={role} className="url-file">
          <TextField
            label={`Address of the ${role}`}
            value={urls[i] ?? ''}
            testId={`url.file${i}`}
            placeholder="https://..."
            onChange={(value) => setUrls(at(urls, i, value))}
          />
          <TextField
            label="SHA-256 (optional)"
            value={hashes[i] ?? ''}
            testId={`url.sha${i}`}
            onChange={(value) => setHashes(at(hashes, i, value))}
          />
        </div>
      ))}
      <TextField label="Name" value={name} testId="url.name" onChange={setName} />
      {job.progress ? (
        <JobProgress progress={job.progress} onCancel={job.cancel} />
      ) : (
        <button type="button" data-testid="url.download" onClick={() => void download()}>
          Download
        </button>
      )}
      <JobError error={job.error} />
      <p className="muted hint-left">
        Downloads use https (or http on this computer). When a SHA-256 is given the bytes must match
        it, or nothing is kept.
      </p>
    </section>
  );
}
