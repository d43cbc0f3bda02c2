/**
 * The open notebook as a bundle to share: its draft under the chosen title, with or without its
 * runs, and the open experiment's final weights if asked. Unchanged from its head version, the
 * link is that version itself; changed, it is the next version of it (saved or not), so a link
 * always carries the version it was made from.
 */
import { APP_VERSION } from '../../app-version';
import type { Bundle, BundleWeights } from '../../core/bundle/schema';
import { isSameContent, nextVersion } from '../../core/notebook/versions';
import type { AppState } from '../../store/app-state';
import type { OpenNotebook } from '../notebook/slice';
import { exportedWeights, cleanTitle, type ShareOptions } from './bundle-from-state';
import { inlineWeightsOf } from './inline-weights';

const EXPORT_TIMEOUT_MS = 20_000;

/** The newest run of the open cell, which the weights on the worker belong to. */
function activeRunId(state: AppState, draft: Bundle): string | null {
  const cellId = state.activeCell?.cellId;
  if (cellId === undefined || state.history.length === 0) return null;
  return draft.runs.findLast((r) => r.cellId === cellId)?.id ?? null;
}

export async function bundleFromNotebook(
  state: AppState,
  open: OpenNotebook,
  options: ShareOptions,
): Promise<Bundle> {
  const { head, record } = open;
  const draft = record.draft;
  const runs = options.includeRuns ? draft.runs : [];
  let weights: Record<string, BundleWeights> | undefined;
  const runId = options.includeRuns && options.includeWeights ? activeRunId(state, draft) : null;
  if (runId !== null) {
    const saved = await exportedWeights(state, options.exportTimeoutMs ?? EXPORT_TIMEOUT_MS);
    const inline = saved === null ? null : inlineWeightsOf(saved.modelJson, saved.data);
    if (inline !== null) weights = { [runId]: inline };
  }
  const shared: Bundle = {
    ...draft,
    notebook: { ...draft.notebook, title: cleanTitle(options.title) },
    runs: runs.map((run) => {
      const rest = { ...run };
      delete rest.weightsKey;
      return weights !== undefined && run.id === runId ? { ...rest, weightsKey: runId } : rest;
    }),
  };
  delete shared.weights;
  if (weights !== undefined) shared.weights = weights;
  if (isSameContent(head, shared)) return head;
  return nextVersion(head, shared, options.createdAt ?? new Date(), APP_VERSION);
}
