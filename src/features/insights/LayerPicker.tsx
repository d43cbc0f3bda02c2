/** Chooses which of a model's attention or recurrent layers a view shows; hidden when only one. */
interface Props {
  layers: readonly { layer: string }[];
  at: number;
  onPick: (at: number) => void;
  testId: string;
}

export function LayerPicker({ layers, at, onPick, testId }: Props) {
  if (layers.length < 2) return null;
  return (
    <label>
      Layer{' '}
      <select
        value={at}
        data-testid={testId}
        onChange={(event) => onPick(Number(event.target.value))}
      >
        {layers.map((l, i) => (
          <option key={l.layer} value={i}>
            {l.layer}
          </option>
        ))}
      </select>
    </label>
  );
}
