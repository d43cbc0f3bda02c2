/**
 * The app's modal dialog: a labelled box over a dimmed page, with the keyboard starting where the
 * user most likely acts, Escape and a button at its foot to close it.
 */
import { useEffect, useId, type ReactNode, type RefObject } from 'react';
import './dialog.css';

export interface DialogProps {
  /** The heading; it names the dialog for assistive technology too. */
  title: ReactNode;
  titleTestId?: string;
  /** A short line above the heading that says what kind of dialog this is. */
  kicker?: string;
  /** The box's own class, for the styles of what it holds. */
  className: string;
  testId: string;
  /** Focused when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  closeLabel: string;
  closeTestId: string;
  /**
   * False while the dialog must stay open (work under way): Escape does nothing and the close
   * button is disabled.
   */
  canClose?: boolean;
  onClose(): void;
  /** Buttons before the close button at the foot of the dialog. */
  actions?: ReactNode;
  children: ReactNode;
}

export function Dialog({
  title,
  titleTestId,
  kicker,
  className,
  testId,
  initialFocus,
  closeLabel,
  closeTestId,
  canClose = true,
  onClose,
  actions,
  children,
}: DialogProps) {
  const titleId = useId();
  useEffect(() => initialFocus.current?.focus(), [initialFocus]);

  return (
    <div className="dialog-backdrop">
      <div
        className={`dialog ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && canClose) onClose();
        }}
      >
        {kicker !== undefined && <p className="muted dialog-kicker">{kicker}</p>}
        <h2 id={titleId} data-testid={titleTestId}>
          {title}
        </h2>
        {children}
        <div className="buttons">
          {actions}
          <button type="button" data-testid={closeTestId} disabled={!canClose} onClick={onClose}>
            {closeLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
