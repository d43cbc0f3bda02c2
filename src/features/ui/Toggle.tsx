/** A checkbox with its label after it, for a view option the user switches on and off. */
export interface ToggleProps {
  label: string;
  checked: boolean;
  testId?: string;
  onChange(checked: boolean): void;
}

export function Toggle({ label, checked, testId, onChange }: ToggleProps) {
  return (
    <label>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />{' '}
      {label}
    </label>
  );
}
