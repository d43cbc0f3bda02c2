/** Some rows of a stored dataset (their pixels and labels), read from storage by the data worker. */
import { useEffect, useState } from 'react';
import type { DatasetSample } from '../../core/data-protocol';
import { requestData } from '../data/data-client';

/** The most rows one request may name (the data protocol's limit). */
export const MAX_SAMPLE_ROWS = 256;

interface Loaded {
  key: string;
  sample: DatasetSample | null;
  error: string | null;
}

const NOTHING = { sample: null, error: null };

/** The rows' sample once it has arrived, in the order given; nothing while it loads. */
export function useRowSample(
  sha256: string | null,
  rows: readonly number[],
): { sample: DatasetSample | null; error: string | null } {
  const rowsKey = rows.slice(0, MAX_SAMPLE_ROWS).join(',');
  const key = sha256 && rowsKey ? `${sha256}:${rowsKey}` : '';
  const [loaded, setLoaded] = useState<Loaded>({ key: '', ...NOTHING });
  useEffect(() => {
    if (!sha256 || !rowsKey) return;
    const wanted = rowsKey.split(',').map(Number);
    const job = requestData({ type: 'sample', sha256, count: wanted.length, rows: wanted });
    let live = true;
    void job.done.then((answer) => {
      if (!live) return;
      const done = `${sha256}:${rowsKey}`;
      setLoaded(
        answer.ok
          ? { key: done, sample: answer.value.sample, error: null }
          : { key: done, sample: null, error: answer.error.message },
      );
    });
    return () => {
      live = false;
    };
  }, [sha256, rowsKey]);
  return key && loaded.key === key ? loaded : NOTHING;
}
