/** A button that opens the list of layer types; choosing one appends it before the output. */
import { useEffect, useId, useRef, useState } from 'react';
import type { LayerType } from '../../core/model/spec';
import { LAYER_LABELS, LAYER_TYPES } from '../../core/model/layer-catalog';

export function AddLayerMenu(props: { disabled: boolean; onAdd(type: LayerType): void }) {
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
        data-testid="model.addLayer"
        aria-expanded={open}
        aria-controls={id}
        disabled={props.disabled}
        onClick={() => setOpen(!open)}
      >
        + Add layer
      </button>
      {open && (
        <ul id={id} ref={menu} className="add-layer-menu" aria-label="Layer types">
          {LAYER_TYPES.map((type) => (
            <li key={type}>
              <button
                type="button"
                data-testid={`model.addLayer.${type}`}
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
