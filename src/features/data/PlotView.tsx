/**
 * What the model sees, for any dataset but a toy sequence task: 2-D points (generated, or stored
 * ones such as points drawn here) on the data plot with the decision boundary, where points can
 * be drawn (`plot.addPoint`); a stored dataset of another kind as its preview. It stays mounted
 * while the dataset changes, so a drawing survives its own save, which switches the experiment to
 * the saved dataset.
 */
import { useState } from 'react';
import { canonicalJson } from '../../core/bundle/canonical';
import { extentOf, type Extent } from '../../core/data/bounds';
import type {
  ClassificationDataset,
  Dataset,
  DatasetRef,
  LocalDatasetRef,
} from '../../core/data/dataset';
import { GENERATOR_INFO } from '../../core/data/generators';
import type { StoredDataset } from '../../core/data/stored-dataset';
import type { Prediction } from '../../core/protocol';
import { useAppStore } from '../../store';
import { DataPlot } from './DataPlot';
import { DatasetPreview } from './DatasetPreview';
import { PointsTools, type SaveStatus } from './PointsTools';
import {
  describeDraft,
  draftDataset,
  draftFrom,
  emptyDraft,
  reduceDraft,
  savedAs,
  savePlan,
  startHistory,
  type DraftAction,
  type DraftBase,
  type DraftHistory,
} from './points-draft';
import { usePointsEditing, type PointsTool } from './points-editing';
import { saveDraft } from './points-save';
import { isPlottedRecord, useStoredPoints } from './points-stored';

export interface PlotViewProps {
  /** The experiment's dataset. */
  chosen: DatasetRef;
  /** Its points when it is generated. */
  generated: Dataset | null;
  /** Its record when it is stored (null while it is found, and for generated data). */
  stored: StoredDataset | null;
  prediction: Prediction | null;
  label: string;
  /** While training, or where a lesson locks the dataset. */
  disabled: boolean;
}

/** A drawing: what it started from (the dataset's canonical ref), its edits, and its frame. */
interface Drawing {
  key: string;
  history: DraftHistory;
  extent: Extent;
  tool: PointsTool;
  label: number;
}

interface Start {
  data: ClassificationDataset | null;
  classNames: readonly string[];
  base: DraftBase | null;
}

const IDLE: SaveStatus = { saving: false, saved: null, error: null };

const isPlane = (data: Dataset | null): data is ClassificationDataset =>
  data?.task === 'classification' && data.inputShape.length === 1 && data.inputShape[0] === 2;

export function PlotView({
  chosen,
  generated,
  stored,
  prediction,
  label,
  disabled,
}: PlotViewProps) {
  const storedChosen = chosen.kind !== 'builtin' && chosen.kind !== 'sequence';
  const record = storedChosen && isPlottedRecord(stored) ? stored : null;
  const read = useStoredPoints(record);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<SaveStatus>(IDLE);
  const key = canonicalJson(chosen);
  // A drawing ends when the experiment's dataset changes other than by its own save.
  const active = drawing !== null && drawing.key === key ? drawing : null;

  const start: Start | null = record
    ? read?.points
      ? {
          data: read.points,
          classNames: record.header.classNames,
          base: { sha256: record.sha256, count: record.header.count },
        }
      : null
    : !storedChosen && isPlane(generated)
      ? { data: generated, classNames: [], base: null }
      : null;
  const shown = active ? active.history.draft : null;
  const update = (change: (drawing: Drawing) => Drawing) =>
    setDrawing((d) => (d === null ? d : change(d)));
  const dispatch = (action: DraftAction) => {
    update((d) => ({ ...d, history: reduceDraft(d.history, action) }));
    setStatus((s) => (s.saving ? s : IDLE));
  };
  const editing = usePointsEditing({
    draft: shown ?? emptyDraft(),
    extent: active?.extent ?? { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
    tool: active?.tool ?? 'add',
    label: active?.label ?? 0,
    enabled: active !== null && !disabled && !status.saving,
    dispatch,
    chooseLabel: (l) => update((d) => ({ ...d, label: l })),
  });

  if (storedChosen && !active && !record) {
    return stored ? (
      <DatasetPreview record={stored} />
    ) : (
      <p className="muted">Loading the dataset…</p>
    );
  }

  const toggle = () => {
    setStatus(IDLE);
    if (active) {
      setDrawing(null);
      return;
    }
    const draft = start?.data ? draftFrom(start.data, start.classNames, start.base) : emptyDraft();
    const extent = extentOf(draftDataset(draft).x);
    setDrawing({ key, history: startHistory(draft), extent, tool: 'add', label: 0 });
    setNote('');
    setName(
      chosen.kind === 'builtin'
        ? `${GENERATOR_INFO[chosen.generator].label}, drawn`
        : record
          ? record.name
          : 'My points',
    );
  };

  const save = async () => {
    if (!active) return;
    const { draft } = active.history;
    const planned = savePlan(draft);
    if (!planned.ok) {
      setStatus({ ...IDLE, error: planned.reason });
      return;
    }
    setStatus({ ...IDLE, saving: true });
    const outcome = await saveDraft({ draft, plan: planned.plan, name: name.trim(), note });
    if (!outcome.ok) {
      setStatus({ ...IDLE, error: outcome.message });
      return;
    }
    const saved = outcome.record;
    const ref: LocalDatasetRef = { kind: 'local', sha256: saved.sha256, name: saved.name };
    const next = savedAs(draft, saved.sha256);
    // The drawing follows the experiment to the saved dataset in the same render.
    update((d) => ({ ...d, key: canonicalJson(ref), history: startHistory(next) }));
    setNote('');
    setStatus({
      ...IDLE,
      saved: `Saved as “${saved.name}”, version ${saved.lineage.version}: ${describeDraft(next)}.`,
    });
    const state = useAppStore.getState();
    state.edit({ type: 'dataset', dataset: ref });
    await state.refreshStoredDatasets();
  };

  const plotted = shown ? editing.shown : record ? (read?.points ?? null) : generated;
  const canDraw = start !== null || active !== null;
  return (
    <>
      <DataPlot
        dataset={plotted}
        prediction={prediction}
        label={active ? DRAWING_LABEL : label}
        extent={active?.extent ?? null}
        cursor={active ? editing.cursor : null}
        editing={active ? editing.handlers : null}
      />
      {read?.error && (
        <p className="error" role="alert">
          {read.error}
        </p>
      )}
      <p className="muted hint">
        {plotted?.task === 'regression'
          ? 'Dots: the data; line: what the model predicts for each input.'
          : 'Background: the class the model predicts there; stronger colour, more confident.'}
      </p>
      {canDraw && (
        <button
          type="button"
          aria-pressed={active !== null}
          title={
            active && active.history.past.length > 0 ? 'Unsaved edits are discarded' : undefined
          }
          data-testid="plot.addPoint"
          disabled={disabled || status.saving}
          onClick={toggle}
        >
          {active ? 'Stop drawing' : 'Draw points'}
        </button>
      )}
      {active && (
        <PointsTools
          draft={active.history.draft}
          label={active.label}
          tool={active.tool}
          canUndo={active.history.past.length > 0}
          disabled={disabled}
          name={name}
          note={note}
          status={status}
          onLabel={(l) => update((d) => ({ ...d, label: l }))}
          onTool={(tool) => update((d) => ({ ...d, tool }))}
          onAddClass={() => dispatch({ type: 'addClass' })}
          onUndo={() => dispatch({ type: 'undo' })}
          onClear={() => dispatch({ type: 'clear' })}
          onName={setName}
          onNote={setNote}
          onSave={() => void save()}
        />
      )}
    </>
  );
}

const DRAWING_LABEL =
  'Drawing points: click to add a point of the chosen class, drag a point to move it, ' +
  'right-click or Alt-click to erase one. Keyboard: arrows move the cursor, Enter adds a point, ' +
  'Delete erases the nearest, 1 to 8 choose the class, Ctrl+Z undoes.';
