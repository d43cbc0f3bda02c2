/**
 * Relabelling or removing every example of one class at once (merging two classes, dropping one
 * that should not be there). The page holds the labels of the examples it shows only, so the class
 * is named and the data worker finds its examples; the result is saved as the next version at
 * once, with the version's note, rather than collected as pending edits.
 */
import { useState } from 'react';
import { datasetHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { counted } from '../../core/plural';
import { useAppStore } from '../../store';
import { useAnnotation } from './use-annotation';
import './annotate.css';

const REMOVE = 'remove';

export function WholeClassEdit({ record }: { record: StoredDataset }) {
  const { classNames } = record.header;
  const { steps, saving } = useAnnotation(record.sha256);
  const training = useAppStore((s) => s.status === 'running' || s.status === 'paused');
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState<string>(classNames.length > 1 ? '1' : REMOVE);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const count = record.classCounts[from] ?? 0;
  const next = record.lineage.version + 1;
  const target = to === REMOVE ? null : Number(to);
  const blocked = training
    ? 'Stop training to save a new version.'
    : steps.length > 0
      ? 'Save or discard the pending changes of this version first.'
      : count === 0
        ? `"${classNames[from] ?? from}" has no examples in this version.`
        : target === from
          ? 'Choose another class, or remove it.'
          : null;

  const save = async () => {
    const name = classNames[from] ?? String(from);
    const result = await useAppStore
      .getState()
      .saveClassEdit(
        record.sha256,
        { from, to: target },
        note.trim() ||
          (target === null
            ? `Removed every "${name}" example`
            : `Every "${name}" example relabelled "${classNames[target] ?? target}"`),
      );
    if (!result.ok) {
      setOutcome({ ok: false, text: result.error });
      return;
    }
    setNote('');
    setOutcome({ ok: true, text: `Saved as version ${result.value.lineage.version}.` });
    if (window.location.hash === datasetHash(record.sha256)) {
      window.location.hash = datasetHash(result.value.sha256);
    }
  };

  return (
    <details className="whole-class" data-testid="annotate.wholeClass">
      <summary>Relabel or remove a whole class</summary>
      <div className="whole-class-form">
        <label>
          Every example of{' '}
          <select
            value={from}
            data-testid="annotate.wholeClass.from"
            onChange={(event) => {
              setFrom(Number(event.target.value));
              setOutcome(null);
            }}
          >
            {classNames.map((name, i) => (
              <option key={i} value={i}>
                {name} ({record.classCounts[i] ?? 0})
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          becomes{' '}
          <select
            value={to}
            data-testid="annotate.wholeClass.to"
            onChange={(event) => {
              setTo(event.target.value);
              setOutcome(null);
            }}
          >
            {classNames.map((name, i) => (
              <option key={i} value={i}>
                {name}
              </option>
            ))}
            <option value={REMOVE}>removed from the data</option>
          </select>
        </label>{' '}
        <input
          type="text"
          value={note}
          maxLength={2000}
          placeholder="Why (the version's note)"
          aria-label={`Note for version ${next}`}
          data-testid="annotate.wholeClass.note"
          onChange={(event) => setNote(event.target.value)}
        />{' '}
        <button
          type="button"
          disabled={blocked !== null || saving}
          title={blocked ?? undefined}
          data-testid="annotate.wholeClass.save"
          onClick={() => void save()}
        >
          {saving ? 'Saving…' : `Save as version ${next} (${counted(count, 'example')})`}
        </button>
        {blocked !== null && <p className="muted">{blocked}</p>}
        {outcome !== null && (
          <p
            className={outcome.ok ? 'status' : 'error'}
            role={outcome.ok ? 'status' : 'alert'}
            data-testid="annotate.wholeClass.outcome"
          >
            {outcome.text}
          </p>
        )}
      </div>
    </details>
  );
}
