/** The preview of an opened bundle (import.preview): what it holds, before anything is saved. */
import { useRef } from 'react';
import { formatBytes } from '../data/format-bytes';
import { Dialog } from '../ui/Dialog';
import type { ImportPreview } from './preview';
import { counted } from '../../core/plural';

interface Props {
  preview: ImportPreview;
  /** What is being done after Open was pressed; null while the user decides. */
  busy: string | null;
  onOpen(): void;
  onCancel(): void;
}

const sizeOf = (bytes: number | null) => (bytes === null ? '' : ` · ${formatBytes(bytes)}`);

export function ImportDialog({ preview, busy, onOpen, onCancel }: Props) {
  const openButton = useRef<HTMLButtonElement>(null);

  return (
    <Dialog
      title={preview.title || 'Untitled notebook'}
      titleTestId="import.title"
      kicker="Open a shared notebook"
      className="import-dialog"
      testId="import.preview"
      initialFocus={openButton}
      closeLabel="Cancel"
      closeTestId="import.cancel"
      canClose={busy === null}
      onClose={onCancel}
      actions={
        <button
          ref={openButton}
          type="button"
          className="primary"
          data-testid="import.open"
          disabled={busy !== null}
          onClick={onOpen}
        >
          Open
        </button>
      }
    >
      {preview.authors.length > 0 && <p className="muted">by {preview.authors.join(', ')}</p>}
      <dl className="import-facts">
        <dt>Version</dt>
        <dd data-testid="import.version">{preview.version}</dd>
        <dt>Lineage</dt>
        <dd data-testid="import.lineage">
          {preview.parent === null ? (
            'first version'
          ) : (
            <>
              derived from <code>{preview.parent}</code>
            </>
          )}
        </dd>
        <dt>Contents</dt>
        <dd>
          {counted(preview.cells, 'cell')}, {counted(preview.experiments, 'experiment')}
        </dd>
        <dt>Runs</dt>
        <dd data-testid="import.runs">{preview.runs}</dd>
        <dt>Weights</dt>
        <dd data-testid="import.weights">
          {preview.weightsBytes > 0 ? formatBytes(preview.weightsBytes) : 'none included'}
          {preview.remoteWeights > 0 && `, ${preview.remoteWeights} fetched when needed`}
        </dd>
        {preview.damagedWeights.map((message, i) => (
          <dd key={i} className="error" role="alert" data-testid="import.weightsDamaged">
            {message}.
          </dd>
        ))}
        <dt>Made with</dt>
        <dd>Gradlab {preview.appVersion}</dd>
      </dl>
      <h3>Datasets</h3>
      {preview.datasets.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="import-datasets" data-testid="import.datasets">
          {preview.datasets.map((dataset) => (
            <li key={dataset.key} data-kind={dataset.kind}>
              <strong>{dataset.name}</strong>{' '}
              <span className="muted">
                {dataset.where}
                {sizeOf(dataset.bytes)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted import-note">
        Opening saves it as a notebook in this browser. Nothing in it is run until you train.
      </p>
      {busy !== null && (
        <p className="status" role="status" data-testid="import.status">
          {busy}
        </p>
      )}
    </Dialog>
  );
}
