/**
 * The layer editor: the hidden layers with their parameters, shapes and parameter counts as you
 * type, the output layer the dataset dictates, presets, and undo/redo.
 */
import { canRedo, canUndo, hiddenLayers } from '../../core/experiment/edit';
import { outputLayerFor } from '../../core/model/stack-analysis';
import { countLayers } from '../../core/model/blocks';
import { MAX_HIDDEN_LAYERS } from '../../core/model/stack-edits';
import { EDITOR_PRESETS, presetMisfit } from '../../core/model/stack-presets';
import { useAppStore } from '../../store';
import { currentInfo, modelAnalysis } from '../experiment/selectors';
import { AddLayerMenu } from './AddLayerMenu';
import { counted } from '../../core/plural';
import { shapeText } from './format';
import { LayerFlow } from './LayerFlow';
import { Icon } from '../ui/Icon';
import { LayerList } from './LayerList';
import { NetworkDiagram } from './NetworkDiagram';
import './model.css';

export function ModelControls({ disabled }: { disabled: boolean }) {
  const experiment = useAppStore((s) => s.editor.experiment);
  const history = useAppStore((s) => s.editor.history);
  const note = useAppStore((s) => s.editor.note);
  const dataset = useAppStore(currentInfo);
  const analysis = useAppStore(modelAnalysis);
  const edit = useAppStore((s) => s.edit);
  const layers = hiddenLayers(experiment);

  const output = outputLayerFor(dataset);
  const errorAt = analysis.error?.layerIndex;
  const canAdd = countLayers(layers) < MAX_HIDDEN_LAYERS;

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
            const preset = EDITOR_PRESETS.find((p) => p.id === event.target.value);
            if (preset) edit({ type: 'layers', edit: { type: 'preset', id: preset.id } });
          }}
        >
          <option value="">Preset…</option>
          {EDITOR_PRESETS.map((preset) => {
            const misfit = presetMisfit(preset.id, dataset);
            return (
              <option
                key={preset.id}
                value={preset.id}
                disabled={misfit !== null}
                title={preset.description}
              >
                {preset.label}
                {misfit === null ? '' : ` (${misfit})`}
              </option>
            );
          })}
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
      <details className="preset-help">
        <summary>About the presets</summary>
        <dl data-testid="model.presetHelp">
          {EDITOR_PRESETS.filter((preset) => presetMisfit(preset.id, dataset) === null).map(
            (preset) => (
              <div key={preset.id}>
                <dt>{preset.label}</dt>
                <dd>{preset.description}</dd>
              </div>
            ),
          )}
        </dl>
      </details>
      {note && (
        <p className="status model-note" role="status" data-testid="model.note">
          {note}
        </p>
      )}
      <p className="layer-input muted">
        Input {dataset ? shapeText(dataset.inputShape) : '—'}
        {dataset ? ` · ${dataset.name}` : ''}
      </p>
      <LayerList
        layers={layers}
        analysis={analysis}
        inputShape={dataset?.inputShape ?? null}
        disabled={disabled}
        canAdd={canAdd}
        onEdit={(change) => edit({ type: 'layers', edit: change })}
      />
      <AddLayerMenu
        disabled={disabled || !canAdd}
        onAdd={(layer) => edit({ type: 'layers', edit: { type: 'add', layer } })}
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
          <LayerFlow
            inputShape={dataset.inputShape}
            layers={layers}
            rows={analysis.rows}
            inner={analysis.inner}
          />
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
