/**
 * What a stored dataset holds: its size and shape, the balance of its classes, and its columns
 * (tables), its first images (images) or its first examples as text. Images and text are read
 * from storage by the data worker.
 */
import { useEffect, useState } from 'react';
import type { DatasetSample } from '../../core/data-protocol';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { AnnotationBar } from '../annotate/AnnotationBar';
import { WholeClassEdit } from '../annotate/WholeClassEdit';
import { annotateTargetOf } from '../annotate/use-annotation';
import { ClassBalance } from './ClassBalance';
import { ColumnTable } from './ColumnTable';
import { ImageGrid } from './ImageGrid';
import { requestData } from './data-client';
import { StoredTextExamples } from './TextPreview';
import { counted } from '../../core/plural';

const SAMPLE_SIZE = 48;

export function describeRecord(record: StoredDataset): string {
  const { header } = record;
  const shape = header.inputShape.join(' x ');
  const task =
    header.task === 'classification'
      ? counted(header.classNames.length, 'class', 'classes')
      : header.task === 'sequence'
        ? 'next-token prediction'
        : 'regression';
  const what = header.kind === 'image' ? 'pixels' : header.kind === 'text' ? 'tokens' : 'features';
  return `${counted(header.count, 'example')}, ${shape} ${what}, ${task}`;
}

function useSample(record: StoredDataset): { sample: DatasetSample | null; error: string | null } {
  const [state, setState] = useState<{
    sha: string;
    sample: DatasetSample | null;
    error: string | null;
  }>({
    sha: '',
    sample: null,
    error: null,
  });
  const wanted = record.header.kind === 'image';
  useEffect(() => {
    if (!wanted) return;
    const job = requestData({ type: 'sample', sha256: record.sha256, count: SAMPLE_SIZE });
    let live = true;
    void job.done.then((answer) => {
      if (!live) return;
      setState(
        answer.ok
          ? { sha: record.sha256, sample: answer.value.sample, error: null }
          : { sha: record.sha256, sample: null, error: answer.error.message },
      );
    });
    return () => {
      live = false;
    };
  }, [record.sha256, wanted]);
  return state.sha === record.sha256 ? state : { sample: null, error: null };
}

/**
 * `annotate`: whether its examples can be relabelled, removed and flagged (classification only);
 * `bar`: whether it shows the annotation bar itself (a page that shows the version's examples in
 * other views too shows one bar for all).
 */
export function DatasetPreview({
  record,
  annotate = true,
  bar = true,
}: {
  record: StoredDataset;
  annotate?: boolean;
  bar?: boolean;
}) {
  const { sample, error } = useSample(record);
  const { header } = record;
  const target = annotate ? annotateTargetOf(record) : null;
  return (
    <div className="dataset-preview" data-testid="dataset.preview">
      <p className="status">{describeRecord(record)}</p>
      {header.task === 'classification' && (
        <ClassBalance counts={record.classCounts} names={header.classNames} />
      )}
      {bar && target && <WholeClassEdit record={record} />}
      {record.columns && <ColumnTable columns={record.columns} />}
      {header.kind === 'text' && <StoredTextExamples record={record} annotate={target} />}
      {header.kind === 'image' &&
        (sample ? (
          <ImageGrid sample={sample} annotate={target} />
        ) : error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">Loading images…</p>
        ))}
      {record.notes.length > 0 && (
        <ul className="notes">
          {record.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {bar && target && <AnnotationBar record={record} />}
    </div>
  );
}
