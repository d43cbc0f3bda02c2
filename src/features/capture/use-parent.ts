/**
 * The stored version the capture page adds examples to (#/capture/<sha256>): read from this
 * browser's storage, with the frame format its images fix, or why it cannot take examples.
 */
import { useEffect, useState } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { appDb } from '../../storage/app-db';
import { getDataset } from '../../storage/datasets-repo';
import { captureFormatOf, type CaptureFormat } from './extendable';

export type ParentState =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; record: StoredDataset; format: CaptureFormat }
  | { status: 'refused'; message: string };

export function useParent(sha256: string | null): ParentState {
  const [state, setState] = useState<ParentState>({ status: 'loading' });
  useEffect(() => {
    if (sha256 === null) return;
    let current = true;
    void (async () => {
      const db = await appDb();
      const record = db.ok ? await getDataset(db.value, sha256) : null;
      if (!current) return;
      if (!db.ok) setState({ status: 'refused', message: db.error.message });
      else if (!record) {
        setState({
          status: 'refused',
          message: 'This browser holds no dataset with that hash: it may have been deleted.',
        });
      } else {
        const format = captureFormatOf(record.header);
        setState(
          format.ok
            ? { status: 'ready', record, format: format.value }
            : { status: 'refused', message: format.error },
        );
      }
    })();
    return () => {
      current = false;
    };
  }, [sha256]);
  return sha256 === null ? { status: 'none' } : state;
}
