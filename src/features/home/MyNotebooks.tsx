/** The notebooks saved in this browser, newest first, with New and Delete (confirmed). */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { notebookHash, replaceRoute } from '../../app/routes';
import { UnreadableRecords } from '../ui/UnreadableRecords';
import { useInWriteNotice } from '../storage-status/use-in-write-notice';

export function MyNotebooks() {
  const notebooks = useAppStore((s) => s.myNotebooks);
  const unreadable = useAppStore((s) => s.unreadableNotebooks);
  const [confirming, setConfirming] = useState<string | null>(null);
  /** Why New made nothing, here where it was pressed (a failed save also shows page-wide). */
  const [error, setError] = useState<string | null>(null);
  const shownAbove = useInWriteNotice(error);
  const { refreshNotebooks, createNotebook, deleteNotebook } = useAppStore.getState();
  useEffect(() => {
    void refreshNotebooks();
  }, [refreshNotebooks]);

  const create = async () => {
    const id = await createNotebook();
    if (id !== null) replaceRoute(notebookHash(id));
    setError(
      id === null ? (useAppStore.getState().notebookError ?? 'No notebook was made.') : null,
    );
  };

  return (
    <section className="panel home-section" aria-labelledby="mine-heading">
      <div className="section-head">
        <h2 id="mine-heading">My notebooks</h2>
        <button type="button" data-testid="home.newNotebook" onClick={() => void create()}>
          New notebook
        </button>
      </div>
      {error !== null && !shownAbove && (
        <p className="error" role="alert" data-testid="home.error">
          {error}
        </p>
      )}
      <UnreadableRecords records={unreadable} what="notebooks" testId="home.unreadable" />
      {notebooks.length === 0 ? (
        <p className="muted">
          None yet. Start a lesson, open a link someone shared, or make a new notebook.
        </p>
      ) : (
        <ul className="notebook-list">
          {notebooks.map((nb) => (
            <li key={nb.id} data-testid="home.notebook">
              <a href={notebookHash(nb.id)}>{nb.title}</a>
              <span className="muted">
                {nb.headVersion === null ? 'no version saved yet' : `version ${nb.version}`} ·{' '}
                {new Date(nb.savedAt).toLocaleString()}
                {nb.mode === 'student' ? ' · lesson' : ''}
              </span>
              {confirming === nb.id ? (
                <span className="buttons">
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(null);
                      void deleteNotebook(nb.id);
                    }}
                  >
                    Delete “{nb.title}”
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirming(nb.id)}>
                  Delete…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
