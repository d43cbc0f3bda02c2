/**
 * The hidden layers as rows, a residual block's layers as an indented list inside its row with an
 * add button of its own. Every edit goes to the experiment reducer addressed by the layer's place
 * (the block's index and the index inside it), so undo and redo cover them as any other edit.
 */
import type { LayerEdit } from '../../core/experiment/edit';
import { LAYER_TYPES } from '../../core/model/layer-catalog';
import type { LayerSpec } from '../../core/model/spec';
import type { StackAnalysis } from '../../core/model/stack-analysis';
import type { LayerPath } from '../../core/model/stack-edits';
import { shapeText } from './format';
import { AddLayerMenu } from './AddLayerMenu';
import { LayerRow, layerName, type RowAction } from './LayerRow';

const BLOCK_TYPES = LAYER_TYPES.filter((type) => type !== 'residual');

export interface LayerListProps {
  layers: readonly LayerSpec[];
  analysis: StackAnalysis;
  /** The dataset's input shape, the first block's input; null while it is unknown. */
  inputShape: readonly number[] | null;
  disabled: boolean;
  canAdd: boolean;
  /** Sends the edit; returns why it was refused, or null. */
  onEdit(edit: LayerEdit): string | null;
}

/** After a move, the focus follows the layer, so pressing again moves it further. */
function focusMoved(path: LayerPath, action: 'up' | 'down') {
  requestAnimationFrame(() => {
    const row = document.querySelector(`[data-path="${path.join('.')}"]`);
    const own = (which: string) =>
      row?.querySelector<HTMLButtonElement>(`:scope > .layer-head button[data-action="${which}"]`);
    const same = own(action);
    (same && !same.disabled ? same : own(action === 'up' ? 'down' : 'up'))?.focus();
  });
}

export function LayerList(props: LayerListProps) {
  const { layers, analysis, disabled, canAdd, onEdit } = props;
  const { error } = analysis;
  const act = (path: LayerPath, action: RowAction) => {
    const block = path.length === 2 ? path[0] : undefined;
    const index = path[path.length - 1] ?? 0;
    if (action === 'remove') onEdit({ type: 'remove', index, block });
    else if (action === 'duplicate') onEdit({ type: 'duplicate', index, block });
    else {
      const delta = action === 'up' ? -1 : 1;
      const refused = onEdit({ type: 'move', index, delta, block });
      if (refused === null) {
        const moved = index + delta;
        focusMoved(block === undefined ? [moved] : [block, moved], action);
      }
    }
  };
  return (
    <ol className="layer-list">
      {layers.map((layer, index) => {
        const blockBroken = error?.layerIndex === index;
        const ownError =
          blockBroken && (layer.type !== 'residual' || error.innerIndex === null)
            ? error.message
            : null;
        return (
          <LayerRow
            key={`${index}-${layer.type}`}
            path={[index]}
            count={layers.length}
            layer={layer}
            summary={analysis.rows[index] ?? null}
            error={ownError}
            disabled={disabled}
            canAdd={canAdd}
            onEdit={(patch) => onEdit({ type: 'edit', index, patch })}
            onAction={(action) => act([index], action)}
          >
            {layer.type === 'residual' && (
              <div className={blockBroken ? 'residual-body broken' : 'residual-body'}>
                <ol
                  className="layer-list nested"
                  data-testid="model.residual"
                  aria-label={`Layers inside ${layerName([index])}, added to its input`}
                >
                  {layer.layers.map((inner, j) => (
                    <LayerRow
                      key={`${j}-${inner.type}`}
                      path={[index, j]}
                      count={layer.layers.length}
                      layer={inner}
                      summary={analysis.inner[index]?.[j] ?? null}
                      error={blockBroken && error.innerIndex === j ? error.message : null}
                      disabled={disabled}
                      canAdd={canAdd}
                      onEdit={(patch) => onEdit({ type: 'edit', index: j, patch, block: index })}
                      onAction={(action) => act([index, j], action)}
                    />
                  ))}
                </ol>
                <p className="muted residual-sum">
                  + the block&apos;s input{' '}
                  {shapeText(
                    index === 0 ? props.inputShape : analysis.rows[index - 1]?.outputShape,
                  )}
                </p>
                <AddLayerMenu
                  disabled={disabled || !canAdd}
                  testId="model.residual.add"
                  label={`+ Add layer to block ${index + 1}`}
                  types={BLOCK_TYPES}
                  onAdd={(type) => onEdit({ type: 'add', layer: type, block: index })}
                />
              </div>
            )}
          </LayerRow>
        );
      })}
    </ol>
  );
}
