/**
 * A notebook's saved versions, newest first: pick two to see what changed between them, or
 * restore one as the draft (the next saved version then follows the newest, so nothing is lost).
 */
import { useEffect, useState } from 'react';
import type { Bundle } from '../../core/bundle/schema';
import { diffNotebooks } from '../../core/notebook/diff';
import { useAppStore } from '../../store';
import { DiffView } from './DiffView';
import { counted } from '../../core/plural';

export function VersionsPanel({ onClose }: { onClose: () => void }) {
  const headId = useAppStore((s) => s.openNotebook?.head?.id ?? null);
  const [versions, setVersions] = useState<Bundle[] | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [restored, setRestored] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    void useAppStore
      .getState()
      .versionHistory()
      .then((list) => {
        if (live) setVersions(list);
      });
    return () => {
      live = false;
    };
  }, [headId]);

  const toggle = (id: string) =>
    setPicked((now) => (now.includes(id) ? now.filter((p) => p !== id) : [...now, id].slice(-2)));
  const chosen = (versions ?? []).filter((v) => picked.includes(v.id));
  // Older first, so the diff reads as what happened from one to the next.
  const [before, after] = chosen.sort((a, b) => a.version - b.version);

  return (
    <section
      className="panel versions"
      aria-labelledby="versions-heading"
      data-testid="notebook.versions"
    >
      <div className="versions-head">
        <h2 id="versions-heading">Versions</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {versions === null ? (
        <p className="muted">Reading the history…</p>
      ) : (
        <>
          <p className="muted">Tick two versions to compare them.</p>
          <ol className="version-list">
            {versions.map((v) => (
              <li key={v.id} data-testid="version.row">
                <label className="inline-check">
                  <input
                    type="checkbox"
                    data-testid="version.pick"
                    checked={picked.includes(v.id)}
                    onChange={() => toggle(v.id)}
                  />{' '}
                  Version {v.version}
                </label>
                <span className="muted">
                  {new Date(v.createdAt).toLocaleString()} ·{' '}
                  {counted(v.notebook.cells.length, 'cell')}
                </span>
                <button
                  type="button"
                  data-testid="version.restore"
                  onClick={() => {
                    void useAppStore.getState().restoreVersion(v);
                    setRestored(v.version);
                  }}
                >
                  Restore as draft
                </button>
              </li>
            ))}
          </ol>
          {restored !== null && (
            <p role="status" data-testid="version.restored">
              Version {restored} is now the draft. Save a version to keep it as the newest.
            </p>
          )}
          {before !== undefined && after !== undefined && (
            <DiffView
              title={`From version ${before.version} to version ${after.version}`}
              diff={diffNotebooks(before, after)}
            />
          )}
        </>
      )}
    </section>
  );
}
