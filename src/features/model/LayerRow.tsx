/** One hidden layer: its fields, output shape, parameter count, and the buttons that move it. */
import type { LayerSpec, LayerSummary } from '../../core/model/spec';
import { counted } from '../../core/plural';
import { shapeText } from './format';
import { LAYER_FIELDS, LAYER_LABELS } from '../../core/model/layer-catalog';
import { Icon, type IconName } from '../ui/Icon';
import { LayerField } from './LayerField';

export type RowAction = 'up' | 'down' | 'duplicate' | 'remove';

export interface LayerRowProps {
  index: number;
  count: number;
  layer: LayerSpec;
  summary: LayerSummary | null;
  error: string | null;
  disabled: boolean;
  canAdd: boolean;
  onEdit(patch: Record<string, unknown>): string | null;
  onAction(action: RowAction): void;
}

export function LayerRow(props: LayerRowProps) {
  const { index, layer, summary, error, disabled } = props;
  const name = `Layer ${index + 1}`;
  const label = LAYER_LABELS[layer.type];
  const button = (action: RowAction, icon: IconName, title: string, off: boolean) => (
    <button
      type="button"
      className="icon"
      data-action={action}
      aria-label={`${title} (${name}, ${label})`}
      title={title}
      disabled={disabled || off}
      onClick={() => props.onAction(action)}
    >
      <Icon name={icon} />
    </button>
  );
  return (
    <li
      className={error ? 'layer-row broken' : 'layer-row'}
      data-testid="model.layer"
      data-type={layer.type}
      aria-label={`${name}: ${label}`}
    >
      <div className="layer-head">
        <span className="layer-name">
          <span className="muted">{index + 1}</span> {label}
        </span>
        <span className="layer-shape" title="Output shape and parameters">
          {shapeText(summary?.outputShape)}
          {summary && summary.params > 0 && (
            <span className="muted"> · {counted(summary.params, 'param')}</span>
          )}
        </span>
        <span className="layer-actions">
          {button('up', 'up', 'Move up', index === 0)}
          {button('down', 'down', 'Move down', index === props.count - 1)}
          {button('duplicate', 'duplicate', 'Duplicate', !props.canAdd)}
          {button('remove', 'remove', 'Remove', false)}
        </span>
      </div>
      {LAYER_FIELDS[layer.type].length > 0 && (
        <div className="layer-fields">
          {LAYER_FIELDS[layer.type].map((field) => (
            <LayerField
              key={field.key}
              field={field}
              layer={layer}
              layerName={name}
              disabled={disabled}
              onChange={(value) => props.onEdit({ [field.key]: value })}
            />
          ))}
        </div>
      )}
      {error && (
        <p className="status error" role="alert" data-testid="model.layerError">
          {error}
        </p>
      )}
    </li>
  );
}
