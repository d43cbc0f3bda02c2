/**
 * Saved records this version of Gradlab cannot read (damaged, or written by a newer version):
 * they are named, with why, and left in storage as they are, so nothing is silently lost and
 * Export everything still carries them.
 */
import type { UnreadableRecord } from '../../core/runs/stored-run';
import './unreadable-records.css';

export function UnreadableRecords({
  records,
  what,
  testId,
}: {
  records: readonly UnreadableRecord[];
  /** The plural noun, e.g. "runs". */
  what: string;
  testId: string;
}) {
  if (records.length === 0) return null;
  const count =
    records.length === 1 ? `1 saved ${what.replace(/s$/, '')}` : `${records.length} saved ${what}`;
  return (
    <details className="status unreadable-records" role="status" data-testid={testId}>
      <summary>
        {count} could not be read. {records.length === 1 ? 'It is' : 'They are'} kept in this
        browser&apos;s storage as {records.length === 1 ? 'it is' : 'they are'}, and Export
        everything includes {records.length === 1 ? 'it' : 'them'}.
      </summary>
      <ul>
        {records.map((record) => (
          <li key={record.id}>{record.message}</li>
        ))}
      </ul>
    </details>
  );
}
