/** The header's Share button (share.open); focus returns to it when the dialog closes. */
import { useRef, useState } from 'react';
import { ShareDialog } from './ShareDialog';
import './share.css';

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
        <ShareDialog
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
