/**
 * Saved records this version of Gradlab cannot read (damaged, or written by a newer version):
 * they are named, with why, and left in storage as they are, so nothing is silently lost and
 * Export everything still carries them.
 */
import { counted, nounFor } from '../../core/plural';
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
  const n = records.length;
  const count = counted(n, `saved ${what.replace(/s$/, '')}`, `saved ${what}`);
  return (
    <details className="status unreadable-records" role="status" data-testid={testId}>
      <summary>
        {count} could not be read. {nounFor(n, 'It is', 'They are')} kept in this browser&apos;s
        storage as {nounFor(n, 'it is', 'they are')}, and Export everything includes{' '}
        {nounFor(n, 'it', 'them')}.
      </summary>
      <ul>
        {records.map((record) => (
          <li key={record.id}>{record.message}</li>
        ))}
      </ul>
    </details>
  );
}
