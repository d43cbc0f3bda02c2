/**
 * One parameter of one layer. Text fields keep what the user types and show why it is not
 * accepted at the field; only a value that parses reaches the spec, so a half-typed or huge
 * number never changes the model.
 */
import { useId, useState } from 'react';
import type { LayerSpec } from '../../core/model/spec';
import { fieldText, parseFieldText, type TextFieldSpec } from './field-text';
import type { FieldSpec } from '../../core/model/layer-catalog';

export interface LayerFieldProps {
  field: FieldSpec;
  layer: LayerSpec;
  /** Names the layer for screen readers and tests: "Layer 2 units". */
  layerName: string;
  disabled: boolean;
  /** Returns why the model refused the value, or null. */
  onChange(value: unknown): string | null;
}

const valueOf = (layer: LayerSpec, key: string): unknown =>
  Object.hasOwn(layer, key) ? (layer as unknown as Record<string, unknown>)[key] : undefined;

export function LayerField({ field, layer, layerName, disabled, onChange }: LayerFieldProps) {
  const id = useId();
  const name = `${layerName} ${field.label.toLowerCase()}`;
  const value = valueOf(layer, field.key);
  switch (field.kind) {
    case 'activation':
    case 'padding': {
      const options: readonly string[] = field.options;
      return (
        <label className="layer-field" htmlFor={id}>
          <span>{field.label}</span>
          <select
            id={id}
            aria-label={name}
            value={typeof value === 'string' ? value : 'valid'}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value)}
          >
            {options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      );
    }
    case 'boolean':
      return (
        <label className="layer-field checkbox" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            aria-label={name}
            checked={field.optional ? value !== false : value === true}
            disabled={disabled}
            // An optional flag defaults to true, so true is left out of the spec rather than written.
            onChange={(event) =>
              onChange(field.optional && event.target.checked ? undefined : event.target.checked)
            }
          />
          <span>{field.label}</span>
        </label>
      );
    default:
      return (
        <TextField
          field={field}
          value={value}
          name={name}
          disabled={disabled}
          onChange={onChange}
        />
      );
  }
}

function TextField(props: {
  field: TextFieldSpec;
  value: unknown;
  name: string;
  disabled: boolean;
  onChange(value: unknown): string | null;
}) {
  const { field, name } = props;
  const id = useId();
  const current = fieldText(field, props.value);
  const [text, setText] = useState(current);
  const [shown, setShown] = useState(current);
  const [refusal, setRefusal] = useState<string | null>(null);
  // The value changed from outside (undo, a preset): show it instead of the stale text.
  if (shown !== current) {
    setShown(current);
    setText(current);
    setRefusal(null);
  }
  const parsed = parseFieldText(field, text);
  const problem = parsed.ok ? refusal : parsed.error;
  const placeholder = 'placeholder' in field ? field.placeholder : undefined;
  return (
    <label className="layer-field" htmlFor={id}>
      <span>{field.label}</span>
      <input
        id={id}
        type="text"
        inputMode={field.kind === 'fraction' ? 'decimal' : 'numeric'}
        aria-label={name}
        value={text}
        placeholder={placeholder}
        disabled={props.disabled}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        size={field.kind === 'shape' ? 9 : 5}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          setRefusal(null);
          const value = parseFieldText(field, next);
          if (!value.ok) return;
          const refused = props.onChange(value.value);
          if (refused) setRefusal(refused);
          else setShown(fieldText(field, value.value));
        }}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
