/**
 * The bar of one dataset version's pending annotation, fixed at the foot of the page while there
 * is something to act on: the selected examples and what to do with them (relabel, remove, flag),
 * then the pending changes ("3 changes: relabel 2, remove 1"), a note, and "Save as version k+1",
 * Undo (the last step) and Discard. Saving makes the next version and, where the experiment showed
 * this one, switches it to the new.
 */
import { useState } from 'react';
import { datasetHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { counted } from '../../core/plural';
import { useAppStore } from '../../store';
import { describeSummary, summarize } from './pending-edits';
import { annotateTargetOf, useAnnotation, type AnnotateTarget } from './use-annotation';
import './annotate.css';

export function AnnotationBar({ record }: { record: StoredDataset }) {
  const target = annotateTargetOf(record);
  return target === null ? null : <Bar target={target} record={record} />;
}

function Bar({ target, record }: { target: AnnotateTarget; record: StoredDataset }) {
  const { sha256, classNames } = target;
  const annotation = useAnnotation(sha256);
  const { steps, selected, saving, error, net, storedFlags } = annotation;
  const training = useAppStore((s) => s.status === 'running' || s.status === 'paused');
  const [note, setNote] = useState('');
  // The bar of the version just made says so (the experiment shows it now, in the edited one's place).
  const saved = useAppStore((s) => (s.justSaved?.sha256 === sha256 ? s.justSaved : null));
  const {
    annotate,
    undoAnnotation,
    discardAnnotations,
    clearSelection,
    flag,
    saveAnnotations,
    dismissSaved,
  } = useAppStore.getState();

  const chosen = Object.entries(selected).map(([index, label]) => ({
    index: Number(index),
    label,
  }));
  const next = record.lineage.version + 1;
  if (steps.length === 0 && chosen.length === 0 && error === null && saved === null) return null;

  const relabelSelected = (to: number) =>
    annotate(
      sha256,
      chosen.map(({ index, label }) => ({ index, from: label, to })),
    );
  const save = async () => {
    const result = await saveAnnotations(sha256, note.trim());
    if (!result.ok) return;
    setNote('');
    // On the dataset's own page, follow it to the version just made.
    if (window.location.hash === datasetHash(sha256)) {
      window.location.hash = datasetHash(result.value.sha256);
    }
  };

  return (
    <div
      className="annotation-bar"
      data-testid="annotate.bar"
      role="region"
      aria-label="Annotation"
    >
      {chosen.length > 0 && (
        <div className="annotation-row" data-testid="annotate.selection">
          <strong>{counted(chosen.length, 'example')} selected</strong>
          <label>
            Relabel to{' '}
            <select
              value=""
              data-testid="annotate.bulkRelabel"
              onChange={(event) => relabelSelected(Number(event.target.value))}
            >
              <option value="" disabled>
                class…
              </option>
              {classNames.map((name, i) => (
                <option key={i} value={i}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="annotate.bulkRemove"
            onClick={() =>
              annotate(
                sha256,
                chosen.map(({ index, label }) => ({ index, from: label, to: null })),
              )
            }
          >
            Remove
          </button>
          <button
            type="button"
            data-testid="annotate.bulkFlag"
            onClick={() =>
              flag(
                sha256,
                chosen.map(({ index }) => index),
                true,
                storedFlags,
              )
            }
          >
            Flag
          </button>
          <button
            type="button"
            onClick={() =>
              flag(
                sha256,
                chosen.map(({ index }) => index),
                false,
                storedFlags,
              )
            }
          >
            Unflag
          </button>
          <button type="button" onClick={() => clearSelection(sha256)}>
            Clear selection
          </button>
        </div>
      )}
      {steps.length > 0 && (
        <div className="annotation-row" data-testid="annotate.pending">
          <strong data-testid="annotate.summary">
            {net.size === 0 ? 'No change' : describeSummary(summarize(net))}
          </strong>
          <input
            type="text"
            value={note}
            maxLength={2000}
            placeholder="What changed, and why"
            aria-label={`Note for version ${next}`}
            data-testid="annotate.note"
            onChange={(event) => setNote(event.target.value)}
          />
          <button
            type="button"
            className="primary"
            disabled={net.size === 0 || saving || training}
            title={training ? 'Stop training to save a new version.' : undefined}
            data-testid="annotate.save"
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : `Save as version ${next}`}
          </button>
          <button type="button" data-testid="annotate.undo" onClick={() => undoAnnotation(sha256)}>
            Undo
          </button>
          <button
            type="button"
            data-testid="annotate.discard"
            onClick={() => discardAnnotations(sha256)}
          >
            Discard
          </button>
        </div>
      )}
      {saved !== null && steps.length === 0 && (
        <p className="annotation-row" role="status" data-testid="annotate.saved">
          Saved as version {saved.lineage.version}.{' '}
          <button type="button" className="link-button" onClick={dismissSaved}>
            Close
          </button>
        </p>
      )}
      {error !== null && (
        <p className="error" role="alert" data-testid="annotate.error">
          {error}
        </p>
      )}
    </div>
  );
}
