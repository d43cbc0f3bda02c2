/**
 * Everything of the import that floats over the page: the preview dialog, progress (with Cancel)
 * while a bundle is read, its error (import.error, role=alert), and the drop hint; it also listens for bundle
 * links and dropped files.
 */
import { useAppStore } from '../../store';
import { ImportDialog } from './ImportDialog';
import { ReadingStatus } from './ReadingStatus';
import { leaveBundleLink, showOpenedNotebook } from './navigation';
import { useBundleDrop, useBundleLinks } from './use-bundle-opening';
import './import.css';

export function ImportLayer() {
  useBundleLinks();
  const dragging = useBundleDrop();
  const stage = useAppStore((s) => s.importStage);
  const error = useAppStore((s) => s.importError);
  const { openImport, cancelImport, dismissImportError } = useAppStore.getState();

  const open = async () => {
    const id = await openImport();
    if (id !== null) showOpenedNotebook(id);
  };
  const dismiss = () => {
    dismissImportError();
    leaveBundleLink();
  };
  const cancel = () => {
    cancelImport();
    leaveBundleLink();
  };

  return (
    <>
      {error !== null && (
        <div className="import-error">
          <p className="error" role="alert" data-testid="import.error">
            {error}
          </p>
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {stage.stage === 'reading' && (
        <ReadingStatus label={stage.label} progress={stage.progress} onCancel={cancel} />
      )}
      {(stage.stage === 'preview' || stage.stage === 'opening') && (
        <ImportDialog
          preview={stage.preview}
          busy={stage.stage === 'opening' ? stage.label : null}
          onOpen={() => void open()}
          onCancel={cancel}
        />
      )}
      {dragging && (
        <div className="import-drop" aria-hidden="true">
          Drop a .gradlab.zip or .json bundle to open it
        </div>
      )}
    </>
  );
}
