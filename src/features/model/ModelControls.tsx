/**
 * The layer editor: the hidden layers with their parameters, shapes and parameter counts as you
 * type, the output layer the dataset dictates, presets, and undo/redo.
 */
import { useRef } from 'react';
import { canRedo, canUndo, hiddenLayers } from '../../core/experiment/edit';
import { outputLayerFor } from '../../core/model/stack-analysis';
import { MAX_HIDDEN_LAYERS } from '../../core/model/stack-edits';
import { PRESETS, presetFits, type PresetId } from '../../core/model/stack-presets';
import { useAppStore } from '../../store';
import { currentInfo, modelAnalysis } from '../experiment/selectors';
import { AddLayerMenu } from './AddLayerMenu';
import { counted } from '../../core/plural';
import { shapeText } from './format';
import { LayerFlow } from './LayerFlow';
import { Icon } from '../ui/Icon';
import { LayerRow, type RowAction } from './LayerRow';
import { NetworkDiagram } from './NetworkDiagram';
import './model.css';

export function ModelControls({ disabled }: { disabled: boolean }) {
  const experiment = useAppStore((s) => s.editor.experiment);
  const history = useAppStore((s) => s.editor.history);
  const note = useAppStore((s) => s.editor.note);
  const dataset = useAppStore(currentInfo);
  const analysis = useAppStore(modelAnalysis);
  const edit = useAppStore((s) => s.edit);
  const list = useRef<HTMLOListElement>(null);
  const layers = hiddenLayers(experiment);
  const layerEdit = (change: Parameters<typeof edit>[0] & { type: 'layers' }) => edit(change);

  const rank = dataset?.inputShape.length ?? null;
  const output = outputLayerFor(dataset);
  const errorAt = analysis.error?.layerIndex;
  const canAdd = layers.length < MAX_HIDDEN_LAYERS;

  const onAction = (index: number, action: RowAction) => {
    if (action === 'remove') layerEdit({ type: 'layers', edit: { type: 'remove', index } });
    else if (action === 'duplicate') {
      layerEdit({ type: 'layers', edit: { type: 'duplicate', index } });
    } else {
      const delta = action === 'up' ? -1 : 1;
      layerEdit({ type: 'layers', edit: { type: 'move', index, delta } });
      // Keep the focus on the layer that moved, so pressing again moves it further.
      requestAnimationFrame(() => {
        const row = list.current?.children[index + delta];
        const same = row?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
        const other = row?.querySelector<HTMLButtonElement>(
          `button[data-action="${action === 'up' ? 'down' : 'up'}"]`,
        );
        (same && !same.disabled ? same : other)?.focus();
      });
    }
  };

  const denseOnly = layers.every((layer) => layer.type === 'dense');
  const showDiagram = dataset?.kind === 'points' && denseOnly;

  return (
    <section className="panel model-editor" aria-labelledby="model-heading">
      <div className="model-toolbar">
        <h2 id="model-heading">Model</h2>
        <select
          aria-label="Preset"
          data-testid="model.preset"
          value=""
          disabled={disabled}
          onChange={(event) => {
            const preset = PRESETS.find((p) => p.id === event.target.value);
            if (preset) {
              layerEdit({
                type: 'layers',
                edit: { type: 'preset', id: preset.id satisfies PresetId },
              });
            }
          }}
        >
          <option value="">Preset…</option>
          {PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id} disabled={!presetFits(preset, rank)}>
              {preset.label}
              {presetFits(preset, rank) ? '' : ' (images only)'}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon"
          data-testid="model.undo"
          aria-keyshortcuts="Control+Z Meta+Z"
          title="Undo the last change to the data, model or settings (Ctrl+Z)"
          aria-label="Undo"
          disabled={disabled || !canUndo({ history })}
          onClick={() => edit({ type: 'undo' })}
        >
          <Icon name="undo" />
        </button>
        <button
          type="button"
          className="icon"
          data-testid="model.redo"
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo"
          disabled={disabled || !canRedo({ history })}
          onClick={() => edit({ type: 'redo' })}
        >
          <Icon name="redo" />
        </button>
      </div>
      {note && (
        <p className="status model-note" role="status" data-testid="model.note">
          {note}
        </p>
      )}
      <p className="layer-input muted">
        Input {dataset ? shapeText(dataset.inputShape) : '—'}
        {dataset ? ` · ${dataset.name}` : ''}
      </p>
      <ol className="layer-list" ref={list}>
        {layers.map((layer, index) => (
          <LayerRow
            key={`${index}-${layer.type}`}
            index={index}
            count={layers.length}
            layer={layer}
            summary={analysis.rows[index] ?? null}
            error={errorAt === index ? (analysis.error?.message ?? null) : null}
            disabled={disabled}
            canAdd={canAdd}
            onEdit={(patch) => layerEdit({ type: 'layers', edit: { type: 'edit', index, patch } })}
            onAction={(action) => onAction(index, action)}
          />
        ))}
      </ol>
      <AddLayerMenu
        disabled={disabled || !canAdd}
        onAdd={(layer) => layerEdit({ type: 'layers', edit: { type: 'add', layer } })}
      />
      <div
        className={errorAt === layers.length ? 'layer-row output broken' : 'layer-row output'}
        data-testid="model.output"
      >
        <div className="layer-head">
          <span className="layer-name">Output — follows the dataset</span>
          <span className="layer-shape">
            {shapeText(analysis.rows[layers.length]?.outputShape)}
            {analysis.rows[layers.length] && (
              <span className="muted">
                {' '}
                · {counted(analysis.rows[layers.length]?.params ?? 0, 'param')}
              </span>
            )}
          </span>
        </div>
        <p className="muted layer-output-text">
          dense {output.units} {output.activation}
        </p>
        {errorAt === layers.length && (
          <p className="status error" role="alert" data-testid="model.layerError">
            {analysis.error?.message}
          </p>
        )}
      </div>
      {analysis.error && errorAt === null && (
        <p className="status error" role="alert" data-testid="model.layerError">
          {analysis.error.message}
        </p>
      )}
      {dataset &&
        (showDiagram ? (
          <NetworkDiagram
            layerSizes={[
              dataset.inputShape[0] ?? 0,
              ...layers.map((l) => (l.type === 'dense' ? l.units : 0)),
              output.units,
            ]}
            layerLabels={[
              'input',
              ...layers.map((l) => (l.type === 'dense' ? `dense ${l.units} ${l.activation}` : '')),
              `${output.activation} ${output.units}`,
            ]}
          />
        ) : (
          <LayerFlow inputShape={dataset.inputShape} layers={layers} rows={analysis.rows} />
        ))}
      {!dataset ? (
        <p className="status muted">Waiting for the dataset…</p>
      ) : analysis.totalParams === null ? (
        <p className="status muted">Parameters: fix the marked layer to count them.</p>
      ) : (
        <p className="status">
          Parameters: <span data-testid="model.params">{analysis.totalParams}</span>
        </p>
      )}
    </section>
  );
}
