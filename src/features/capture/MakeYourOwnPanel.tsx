/**
 * The Datasets page's way to the capture page: make a dataset from the webcam or drawings, or add
 * examples to one of the image datasets this browser holds (its next version).
 */
import { CAPTURE_HASH, captureHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { useAppStore } from '../../store';
import { captureFormatOf } from './extendable';

/** "Add examples" for a stored image dataset that can take them; nothing for others. */
export function AddExamplesLink({ record }: { record: StoredDataset }) {
  if (!captureFormatOf(record.header).ok) return null;
  return (
    <a
      href={captureHash(record.sha256)}
      data-testid="capture.addExamples"
      aria-label={`Add examples to ${record.name}`}
    >
      Add examples
    </a>
  );
}

export function MakeYourOwnPanel() {
  const stored = useAppStore((s) => s.storedDatasets);
  const captured = stored.filter((r) => r.source.kind === 'capture');
  return (
    <section className="panel" aria-labelledby="make-own-heading" data-testid="capture.makeYourOwn">
      <h2 id="make-own-heading">Make your own</h2>
      <p>
        Show the webcam a few examples of each class, or draw them, and train on them: the data
        stays in this browser.
      </p>
      <p>
        <a href={CAPTURE_HASH} data-testid="capture.open">
          Capture from the webcam or draw
        </a>
      </p>
      {captured.length > 0 && (
        <ul>
          {captured.map((record) => (
            <li key={record.sha256}>
              {record.name}{' '}
              <span className="muted">
                v{record.lineage.version} · {record.header.count} examples
              </span>{' '}
              <AddExamplesLink record={record} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
