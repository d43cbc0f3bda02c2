/**
 * The layer editor: the hidden layers with their parameters, shapes and parameter counts as you
 * type, the output layer the dataset dictates, presets, and undo/redo.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { datasetInfo } from '../data/slice';
import { AddLayerMenu } from './AddLayerMenu';
import { canRedo, canUndo } from './editor-state';
import { countText, shapeText } from './format';
import { LayerFlow } from './LayerFlow';
import { LayerRow, type RowAction } from './LayerRow';
import { NetworkDiagram } from './NetworkDiagram';
import { analyseStack, outputLayerFor } from '../../core/model/stack-analysis';
import { MAX_HIDDEN_LAYERS } from '../../core/model/stack-edits';
import { PRESETS, presetFits, type PresetId } from '../../core/model/stack-presets';
import { useUndoKeys } from './use-undo-keys';
import './model.css';

export function ModelControls({ disabled }: { disabled: boolean }) {
  const layers = useAppStore((s) => s.layers);
  const history = useAppStore((s) => s.layerHistory);
  const note = useAppStore((s) => s.modelNote);
  const datasetChoice = useAppStore((s) => s.datasetChoice);
  const datasetSettings = useAppStore((s) => s.datasetSettings);
  const generated = useAppStore((s) => s.dataset);
  const activeRecord = useAppStore((s) => s.activeRecord);
  const dataset = datasetInfo({ datasetChoice, datasetSettings, dataset: generated, activeRecord });
  const actions = useAppStore.getState();
  const { undoModel, redoModel, fitModelToDataset } = actions;
  const panel = useRef<HTMLElement>(null);
  const list = useRef<HTMLOListElement>(null);
  useUndoKeys(panel, !disabled, { undo: undoModel, redo: redoModel });

  const rank = dataset?.inputShape.length ?? null;
  useEffect(() => {
    if (rank !== null) fitModelToDataset();
  }, [rank, fitModelToDataset]);

  const analysis = analyseStack(layers, dataset);
  const output = outputLayerFor(dataset);
  const errorAt = analysis.error?.layerIndex;
  const canAdd = layers.length < MAX_HIDDEN_LAYERS;

  const onAction = (index: number, action: RowAction) => {
    if (action === 'remove') actions.removeLayer(index);
    else if (action === 'duplicate') actions.duplicateLayer(index);
    else {
      const delta = action === 'up' ? -1 : 1;
      actions.moveLayer(index, delta);
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
    <section className="panel model-editor" aria-labelledby="model-heading" ref={panel}>
      <div className="model-toolbar">
        <h2 id="model-heading">Model</h2>
        <select
          aria-label="Preset"
          data-testid="model.preset"
          value=""
          disabled={disabled}
          onChange={(event) => {
            const preset = PRESETS.find((p) => p.id === event.target.value);
            if (preset) actions.applyPreset(preset.id satisfies PresetId);
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
          title="Undo (Ctrl+Z)"
          aria-label="Undo model edit"
          disabled={disabled || !canUndo({ layerHistory: history })}
          onClick={undoModel}
        >
          ↶
        </button>
        <button
          type="button"
          className="icon"
          data-testid="model.redo"
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo model edit"
          disabled={disabled || !canRedo({ layerHistory: history })}
          onClick={redoModel}
        >
          ↷
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
            onEdit={(patch) => actions.editLayer(index, patch)}
            onAction={(action) => onAction(index, action)}
          />
        ))}
      </ol>
      <AddLayerMenu disabled={disabled || !canAdd} onAdd={actions.addLayer} />
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
                · {countText(analysis.rows[layers.length]?.params ?? 0)} params
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
