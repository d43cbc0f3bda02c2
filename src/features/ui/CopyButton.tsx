/**
 * Copies a value the page shows shortened (a SHA-256, a URL) to the clipboard, and says whether it
 * did: the clipboard can be refused (no permission, an insecure origin), and then the value is
 * offered selected in a field to copy by hand.
 */
import { useState } from 'react';
import './copy-button.css';

type CopyState = 'idle' | 'copied' | 'refused';

export interface CopyButtonProps {
  value: string;
  /** What is copied, for the button's label: "SHA-256 of mnist-10k". */
  what: string;
  testId: string;
}

export function CopyButton({ value, what, testId }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');
  const copy = () => {
    // Through a promise, so a page without a clipboard (an insecure origin) lands in `refused` too.
    void Promise.resolve()
      .then(() => navigator.clipboard.writeText(value))
      .then(
        () => setState('copied'),
        () => setState('refused'),
      );
  };
  return (
    <>
      <button
        type="button"
        className="copy-button"
        data-testid={testId}
        aria-label={`Copy ${what}`}
        title={`Copy ${what}`}
        onClick={copy}
      >
        Copy
      </button>
      <span role="status" className="copy-state">
        {state === 'copied' && 'Copied'}
      </span>
      {state === 'refused' && (
        <input
          className="copy-field"
          aria-label={`${what}: the clipboard refused it, copy it from here`}
          readOnly
          value={value}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </>
  );
}
