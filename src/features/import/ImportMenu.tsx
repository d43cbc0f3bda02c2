/** The header's way in for bundles: a file chooser (import.file) and an address field (import.url). */
import { useId, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store';
import { sourceFromAddress } from '../../core/bundle/read';
import './import.css';

const ACCEPT = '.zip,.json,application/zip,application/json';

export function ImportMenu() {
  const importFrom = useAppStore((s) => s.importFrom);
  const [address, setAddress] = useState('');
  const fileId = useId();
  const urlId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (address.trim() === '') return;
    void importFrom(sourceFromAddress(address));
    setAddress('');
  };

  return (
    <details className="import-menu">
      <summary data-testid="import.menu">Open…</summary>
      <div className="import-menu-body">
        <label htmlFor={fileId}>A bundle file (.gradlab.zip or .json)</label>
        <input
          id={fileId}
          type="file"
          accept={ACCEPT}
          data-testid="import.file"
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            // Cleared so that choosing the same file again opens it again.
            input.value = '';
            if (file) void importFrom({ kind: 'file', name: file.name, blob: file });
          }}
        />
        <form onSubmit={submit}>
          <label htmlFor={urlId}>Or the https address of one, or a Gradlab link</label>
          <div className="import-url-row">
            <input
              id={urlId}
              type="url"
              inputMode="url"
              placeholder="https://…"
              value={address}
              data-testid="import.url"
              onChange={(event) => setAddress(event.currentTarget.value)}
            />
            <button type="submit" data-testid="import.url.open" disabled={address.trim() === ''}>
              Open
            </button>
          </div>
        </form>
        <p className="muted">You can also drop a bundle file anywhere on the page.</p>
      </div>
    </details>
  );
}
