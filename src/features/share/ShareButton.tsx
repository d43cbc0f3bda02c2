/** The header's Share button (share.open); focus returns to it when the dialog closes. */
import { lazy, Suspense, useRef, useState } from 'react';
import './share.css';

// The dialog and what it builds (bundles, links, files) load when Share is first pressed.
const ShareDialog = lazy(() => import('./ShareDialog').then((m) => ({ default: m.ShareDialog })));

export function ShareButton() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="share-open"
        aria-haspopup="dialog"
        data-testid="share.open"
        onClick={() => setOpen(true)}
      >
        Share
      </button>
      {open && (
        <Suspense fallback={null}>
          <ShareDialog
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
