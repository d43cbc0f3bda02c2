/**
 * A number input that keeps what the user types, shows why it is not accepted right at the field,
 * and only hands valid values on: a half-typed "0." never reaches the model.
 */
import { useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  step?: number | 'any';
  disabled?: boolean;
  testId?: string;
  onChange(value: number): void;
}

export function numberProblem(
  text: string,
  { min, max, integer }: Pick<NumberFieldProps, 'min' | 'max' | 'integer'>,
): string | null {
  if (text.trim() === '') return 'Enter a number.';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (integer && !Number.isInteger(value)) return 'Enter a whole number.';
  if (value < min || value > max) return `Enter a value from ${min} to ${max}.`;
  return null;
}

export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(props.value));
  const [shown, setShown] = useState(props.value);
  // The value changed from outside (a reset, a preset): show it instead of the stale text.
  if (shown !== props.value) {
    setShown(props.value);
    setText(String(props.value));
  }
  const problem = numberProblem(text, props);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        min={props.min}
        max={props.max}
        step={props.step ?? (props.integer ? 1 : 'any')}
        disabled={props.disabled}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        data-testid={props.testId}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (numberProblem(next, props) === null) {
            setShown(Number(next));
            props.onChange(Number(next));
          }
        }}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
