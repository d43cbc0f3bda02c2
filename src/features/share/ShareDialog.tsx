/**
 * The share dialog (share.open opens it): a title, what to include (the runs, the weights, the
 * runs of the sweep cells' sweeps; their plans always travel), what travels of the imported
 * datasets (in the link, in the file only, or neither), the inline link with its size and Copy,
 * the bundle file to download, and a by-reference link to a hosted copy of it.
 */
import { useEffect, useRef, useState } from 'react';
import { LINK_BUDGET_BYTES } from '../../core/bundle/link';
import { BUNDLE_LIMITS } from '../../core/bundle/schema';
import { titleNote } from '../../core/notebook/typed-limits';
import { useAppStore } from '../../store';
import { formatBytes } from '../data/format-bytes';
import { datasetInfoOf } from '../data/slice';
import { UNTITLED } from './share-bundle';
import { referenceLink } from './share-outputs';
import { counted } from '../../core/plural';
import { notebookOnPage, runOnScreen, sweepsOnPage } from './share-source';
import { useShareOutputs } from './use-share-outputs';
import { downloadFile } from '../download';
import { Dialog } from '../ui/Dialog';
import { LengthCounter } from '../ui/LengthCounter';

interface Props {
  onClose(): void;
}

function defaultTitle(): string {
  const state = useAppStore.getState();
  const notebook = notebookOnPage(state, window.location.hash);
  if (notebook !== null) return notebook.record.draft.notebook.title;
  const name = datasetInfoOf(state, state.playground.dataset)?.name;
  return name ? `${name} experiment` : UNTITLED;
}

export function ShareDialog({ onClose }: Props) {
  const titleField = useRef<HTMLInputElement>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState(defaultTitle);
  const titleLimit = titleNote(title.length);
  const [includeRuns, setIncludeRuns] = useState(true);
  const [includeWeights, setIncludeWeights] = useState(false);
  // Off by default: a sweep's runs can make the link long.
  const [includeSweepRuns, setIncludeSweepRuns] = useState(false);
  // Tagged with the link it is about, so it disappears when the link changes.
  const [copied, setCopied] = useState<{ link: string; message: string } | null>(null);
  const [hostedUrl, setHostedUrl] = useState('');
  const notebook = useAppStore((s) => notebookOnPage(s, window.location.hash));
  const hasRun = useAppStore(
    (s) =>
      (notebook?.record.draft.runs.length ?? 0) > 0 ||
      (notebook === null && runOnScreen(s, 0)?.place.kind === 'playground'),
  );
  const sweepCells = useAppStore((s) => sweepsOnPage(s, window.location.hash).sweepCells);
  const sweepRuns = useAppStore((s) => sweepsOnPage(s, window.location.hash).sweepRuns);
  useEffect(() => {
    // The sweeps' runs are counted from storage, which no page may have read yet.
    if (sweepCells === 0) return;
    const { runsLoaded, refreshRuns, sweepsLoaded, refreshSweeps } = useAppStore.getState();
    if (!runsLoaded) void refreshRuns();
    if (!sweepsLoaded) void refreshSweeps();
  }, [sweepCells]);
  const what = notebook === null ? 'experiment' : 'notebook';
  const shared = useShareOutputs(
    title,
    includeRuns,
    includeWeights,
    includeSweepRuns && sweepRuns > 0,
  );
  const outputs = shared.stage === 'ready' ? shared.outputs : null;
  const travel = shared.stage === 'ready' ? shared.travel : [];

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied({ link, message: 'Link copied.' });
    } catch {
      // Without clipboard access (plain http, a denied permission) the user copies it by hand.
      linkField.current?.select();
      setCopied({
        link,
        message: 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
      });
    }
  }

  const reference =
    outputs === null || hostedUrl.trim() === ''
      ? null
      : referenceLink(window.location.href, hostedUrl, outputs.fileSha256);

  return (
    <Dialog
      title={`Share this ${what}`}
      className="share-dialog"
      testId="share.dialog"
      initialFocus={titleField}
      closeLabel="Close"
      closeTestId="share.close"
      onClose={onClose}
    >
      <label className="share-field">
        Title
        <input
          ref={titleField}
          type="text"
          value={title}
          maxLength={BUNDLE_LIMITS.titleLength}
          aria-describedby={titleLimit === null ? undefined : 'share-title-limit'}
          data-testid="share.title"
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <LengthCounter note={titleLimit} id="share-title-limit" testId="share.titleLimit" />
      <label className="share-check">
        <input
          type="checkbox"
          checked={includeRuns && hasRun}
          disabled={!hasRun}
          data-testid="share.runs"
          onChange={(event) => setIncludeRuns(event.target.checked)}
        />
        Include the current run (its curves)
      </label>
      <label className="share-check">
        <input
          type="checkbox"
          checked={includeWeights && includeRuns && hasRun}
          disabled={!hasRun || !includeRuns}
          data-testid="share.weights"
          onChange={(event) => setIncludeWeights(event.target.checked)}
        />
        Include the trained weights (larger; opens with the same predictions)
      </label>
      {sweepCells > 0 && (
        <label className="share-check">
          <input
            type="checkbox"
            checked={includeSweepRuns && sweepRuns > 0}
            disabled={sweepRuns === 0}
            data-testid="share.sweepRuns"
            onChange={(event) => setIncludeSweepRuns(event.target.checked)}
          />
          {sweepRuns > 0
            ? `Include the runs of its sweeps (${counted(sweepRuns, 'run')}, with the values each tried)`
            : 'Its sweeps go as plans to run; none has finished a run in this browser to include'}
        </label>
      )}
      {travel.length > 0 && (
        <ul className="share-note share-datasets" data-testid="share.datasetNote">
          {travel.map((dataset) => (
            <li key={dataset.name} data-testid="share.dataset" data-travel={dataset.travel}>
              {dataset.note}
            </li>
          ))}
        </ul>
      )}
      {shared.stage === 'failed' && (
        <p className="share-error" role="alert" data-testid="share.error">
          {shared.message}
        </p>
      )}
      <h3>Link</h3>
      <div className="share-row">
        <input
          ref={linkField}
          type="text"
          readOnly
          aria-label="Link to this experiment"
          value={outputs?.inlineLink ?? ''}
          placeholder={shared.stage === 'building' ? 'Preparing the link…' : ''}
          data-testid="share.link"
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          disabled={outputs === null}
          data-testid="share.copy"
          onClick={() => outputs && void copy(outputs.inlineLink)}
        >
          Copy
        </button>
      </div>
      <p className="muted share-size" role="status">
        {shared.stage === 'building' ? (
          'Preparing…'
        ) : outputs ? (
          <>
            <span data-testid="share.size">{formatBytes(outputs.linkBytes)}</span>
            {' · '}
            {(copied?.link === outputs.inlineLink ? copied.message : null) ??
              'anyone with the link can open it, no account or server needed'}
          </>
        ) : null}
      </p>
      {outputs?.overBudget && (
        <p className="share-note" data-testid="share.overBudget">
          This link is longer than {formatBytes(LINK_BUDGET_BYTES)}, which some chat and mail apps
          cut short. Share the file below instead.
        </p>
      )}
      <h3>File</h3>
      <p className="muted">
        {outputs ? `${outputs.fileName} · ${formatBytes(outputs.fileBytes.length)}` : '…'}
      </p>
      <button
        type="button"
        disabled={outputs === null}
        data-testid="share.file"
        onClick={() =>
          outputs && downloadFile(outputs.fileBytes, outputs.fileName, 'application/zip')
        }
      >
        Download file
      </button>
      <h3>By address</h3>
      <label className="share-field">
        If you host the file yourself, paste its https address
        <input
          type="url"
          value={hostedUrl}
          placeholder="https://…/lesson.gradlab.zip"
          data-testid="share.urlInput"
          onChange={(event) => setHostedUrl(event.target.value)}
        />
      </label>
      {reference?.ok === true && (
        <input
          type="text"
          readOnly
          aria-label="Link to the hosted file"
          value={reference.value}
          data-testid="share.urlLink"
          onFocus={(event) => event.target.select()}
        />
      )}
      {reference?.ok === false && (
        <p className="share-error" role="alert" data-testid="share.urlError">
          {reference.error.message}
        </p>
      )}
      {reference?.ok === true && (
        <p className="muted share-note">
          The link pins this file&apos;s SHA-256: upload exactly the file downloaded above.
        </p>
      )}
    </Dialog>
  );
}
