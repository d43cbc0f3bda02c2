/** The "Export everything" button, with its own busy state and error. */
import { useState } from 'react';
import { downloadEverything } from './download-everything';

export function ExportEverythingButton({ testId }: { testId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(await downloadEverything());
    setBusy(false);
  };
  return (
    <>
      <button type="button" data-testid={testId} disabled={busy} onClick={() => void run()}>
        {busy ? 'Exporting…' : 'Export everything'}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
