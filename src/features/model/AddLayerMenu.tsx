/**
 * A button that opens the list of layer types; choosing one appends it before the output, or at
 * the end of a residual block (whose menu has its own test ids and offers no block in a block).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { LayerType } from '../../core/model/spec';
import { LAYER_LABELS, LAYER_TYPES } from '../../core/model/layer-catalog';

export function AddLayerMenu(props: {
  disabled: boolean;
  onAdd(type: LayerType): void;
  /** Test id of the toggle; each type's button adds `.${type}`. */
  testId?: string;
  /** The toggle's visible text. */
  label?: string;
  types?: readonly LayerType[];
}) {
  const testId = props.testId ?? 'model.addLayer';
  const [open, setOpen] = useState(false);
  const id = useId();
  const menu = useRef<HTMLUListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector('button')?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <div
      className="add-layer"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        data-testid={testId}
        aria-expanded={open}
        aria-controls={id}
        disabled={props.disabled}
        onClick={() => setOpen(!open)}
      >
        {props.label ?? '+ Add layer'}
      </button>
      {open && (
        <ul id={id} ref={menu} className="add-layer-menu" aria-label="Layer types">
          {(props.types ?? LAYER_TYPES).map((type) => (
            <li key={type}>
              <button
                type="button"
                data-testid={`${testId}.${type}`}
                onClick={() => {
                  props.onAdd(type);
                  close();
                }}
              >
                {LAYER_LABELS[type]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
