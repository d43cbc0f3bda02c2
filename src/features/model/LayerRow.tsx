/**
 * One hidden layer: its fields, output shape, parameter count, and the buttons that move it. A
 * residual block's row holds its own layers (passed as children), indented under its head.
 */
import type { ReactNode } from 'react';
import type { LayerSpec, LayerSummary } from '../../core/model/spec';
import type { LayerPath } from '../../core/model/stack-edits';
import { counted } from '../../core/plural';
import { shapeText } from './format';
import { LAYER_FIELDS, LAYER_LABELS } from '../../core/model/layer-catalog';
import { Icon, type IconName } from '../ui/Icon';
import { LayerField } from './LayerField';

export type RowAction = 'up' | 'down' | 'duplicate' | 'remove';

export interface LayerRowProps {
  /** Where the layer is: [3] in the stack, [3, 1] inside the block at 3. */
  path: LayerPath;
  /** Layers in the list that holds this one. */
  count: number;
  layer: LayerSpec;
  summary: LayerSummary | null;
  error: string | null;
  disabled: boolean;
  canAdd: boolean;
  onEdit(patch: Record<string, unknown>): string | null;
  onAction(action: RowAction): void;
  /** A residual block's layers and its add button. */
  children?: ReactNode;
}

/** "Layer 3", or "Layer 3.2" for the second layer inside block 3: the names the errors use. */
export const layerName = (path: LayerPath): string => `Layer ${path.map((i) => i + 1).join('.')}`;

/** Fields that follow the dataset, shown but not edited: the embedding's vocabulary. */
const FOLLOWS_DATASET: Readonly<Partial<Record<LayerSpec['type'], string>>> = {
  embedding: 'inputDim',
};

export function LayerRow(props: LayerRowProps) {
  const { path, layer, summary, error, disabled } = props;
  const index = path[path.length - 1] ?? 0;
  const name = layerName(path);
  const label = LAYER_LABELS[layer.type];
  const followed = FOLLOWS_DATASET[layer.type];
  const fields = LAYER_FIELDS[layer.type].filter((field) => field.key !== followed);
  const inBlock = path.length === 2;
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
  const classes = ['layer-row', layer.type === 'residual' ? 'residual' : '', error ? 'broken' : ''];
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      data-testid={inBlock ? 'model.residual.layer' : 'model.layer'}
      data-type={layer.type}
      data-path={path.join('.')}
      aria-label={`${name}: ${label}`}
    >
      <div className="layer-head">
        <span className="layer-name">
          <span className="muted">{path.map((i) => i + 1).join('.')}</span> {label}
        </span>
        <span className="layer-shape" title="Output shape and parameters">
          {shapeText(summary?.outputShape)}
          {summary && summary.params > 0 && (
            <span className="muted" data-testid="model.layerParams">
              {' '}
              · {counted(summary.params, 'param')}
            </span>
          )}
        </span>
        <span className="layer-actions">
          {button('up', 'up', 'Move up', index === 0)}
          {button('down', 'down', 'Move down', index === props.count - 1)}
          {button('duplicate', 'duplicate', 'Duplicate', !props.canAdd)}
          {button('remove', 'remove', 'Remove', false)}
        </span>
      </div>
      {(fields.length > 0 || followed !== undefined) && (
        <div className="layer-fields">
          {followed !== undefined && (
            <span className="layer-field follows" title="Set by the dataset's vocabulary">
              <span>Vocabulary</span>
              <span className="layer-followed">{String(valueOf(layer, followed))} (dataset)</span>
            </span>
          )}
          {fields.map((field) => (
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
      {props.children}
    </li>
  );
}

const valueOf = (layer: LayerSpec, key: string): unknown =>
  Object.entries(layer).find(([k]) => k === key)?.[1];
