/**
 * What Share makes: one bundle from a notebook as it is edited (its draft) and the version it
 * derives from (its head). On a notebook's page that is the notebook; anywhere else it is the
 * playground, an unsaved one-cell notebook with no head, so its link is always a first version of
 * its own and never inherits the lineage of a notebook opened earlier.
 *
 * The bundle carries each dataset as another browser can get it (share-dataset.ts): an imported
 * CSV whose text this browser kept goes inline when the link with it stays within
 * LINK_BUDGET_BYTES (the smallest first, as many as fit), so one bundle serves the link and the
 * file alike; the others stay `local` and travel in the file. It carries the draft's runs if
 * asked, the runs of its sweep cells' sweeps if asked, and, if asked, the final weights of the run
 * whose model is on screen. Unchanged from its
 * head, the link is that version itself; changed, it is the next version of it (saved or not).
 */
import { APP_VERSION } from '../../app-version';
import { canonicalJson, textFault } from '../../core/bundle/canonical';
import { contentId } from '../../core/bundle/content-id';
import { encodeInlineLink, LINK_BUDGET_BYTES } from '../../core/bundle/link';
import {
  BUNDLE_LIMITS,
  BUNDLE_TYPE,
  SCHEMA_VERSION,
  type Bundle,
  type BundleWeights,
  type RunRecord,
} from '../../core/bundle/schema';
import type { DatasetRef, InlineDatasetRef } from '../../core/data/dataset';
import type { DatasetInfo } from '../../core/data/info';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { newCell } from '../../core/experiment/cell';
import type { Experiment } from '../../core/experiment/experiment';
import { defaultViews } from '../../core/experiment/views';
import { firstVersion, isSameContent, nextVersion } from '../../core/notebook/versions';
import { finiteRunWeights } from '../../core/runs/run-weights';
import type { RunWeights } from '../../core/runs/stored-run';
import { inlineWeightsOf } from './inline-weights';
import { shareDataset } from './share-dataset';
import { counted } from '../../core/plural';

export interface ShareOptions {
  title: string;
  includeRuns: boolean;
  /** The final weights of the run on screen, inline; only with the runs (weights belong to a run). */
  includeWeights: boolean;
  /** The runs of the sweep cells' sweeps (`ShareSource.sweepRuns`), each with its trial's values. */
  includeSweepRuns: boolean;
  /** The bundle's `createdAt`; now when absent. */
  createdAt?: Date;
}

export interface ShareSource {
  /** The notebook as edited. */
  draft: Bundle;
  /** The version the draft derives from; null for the playground, which has none. */
  head: Bundle | null;
  /** The run in `draft.runs` whose final weights are the model on screen; null when none is. */
  weightsRunId: string | null;
  /** Runs of the draft's sweep cells that this browser ran and the draft does not carry. */
  sweepRuns: RunRecord[];
}

export interface ShareContext {
  /** This browser's stored datasets, to tell how another one can get each dataset. */
  stored: readonly StoredDataset[];
  /** The model on screen in the TF.js layers format; null when the worker cannot say. */
  exportWeights(): Promise<RunWeights | null>;
}

export const UNTITLED = 'Untitled experiment';
const PLAYGROUND_CELL = 'experiment';
const PLAYGROUND_DATASET = 'data';

/** A title a bundle accepts: no NUL or lone surrogates, trimmed, within the length limit. */
export function cleanTitle(text: string): string {
  let out = '';
  // By code point, so a pair is never split and a lone surrogate is dropped on its own.
  for (const c of text.trim()) {
    if (textFault(c) !== null) continue;
    if (out.length + c.length > BUNDLE_LIMITS.titleLength) break;
    out += c;
  }
  return out.trim() || UNTITLED;
}

const recordOf = (ref: DatasetRef, stored: readonly StoredDataset[]): StoredDataset | null =>
  ref.kind === 'local' ? (stored.find((r) => r.sha256 === ref.sha256) ?? null) : null;

function describe(experiment: Experiment, info: DatasetInfo | null, run: RunRecord | null) {
  const layers = experiment.model.layers.length;
  const last = run?.epochs.at(-1);
  const result =
    last === undefined
      ? ''
      : ` After ${counted(last.epoch, 'epoch')} its training loss was ${last.trainLoss.toPrecision(3)}` +
        (last.trainAccuracy === null
          ? '.'
          : ` and its accuracy ${(last.trainAccuracy * 100).toFixed(1)}%.`);
  return `A model of ${counted(layers, 'layer')} trained on ${info?.name ?? 'a dataset'}.${result}`;
}

/**
 * The playground as a notebook: a line about it, its experiment (showing the views that suit its
 * data; the playground itself shows them all) and the run on screen, made by `runOf` for the
 * experiment's cell and dataset key.
 */
export function playgroundNotebook(
  experiment: Experiment,
  info: DatasetInfo | null,
  runOf: (place: { cellId: string; datasetKey: string }) => RunRecord | null,
  createdAt: Date,
): Bundle {
  const empty: Bundle = {
    type: BUNDLE_TYPE,
    schemaVersion: SCHEMA_VERSION,
    id: '',
    parent: null,
    version: 1,
    createdAt: createdAt.toISOString(),
    app: { version: APP_VERSION },
    notebook: { title: UNTITLED, authors: [], cells: [] },
    datasets: {},
    runs: [],
  };
  const made = newCell(
    empty,
    PLAYGROUND_CELL,
    { ...experiment, views: defaultViews(info, experiment) },
    PLAYGROUND_DATASET,
  );
  const run = runOf({ cellId: PLAYGROUND_CELL, datasetKey: PLAYGROUND_DATASET });
  const intro = { type: 'markdown', id: 'intro', text: describe(experiment, info, run) } as const;
  return {
    ...made.bundle,
    notebook: { ...empty.notebook, cells: [intro, made.cell] },
    runs: run === null ? [] : [run],
  };
}

export async function sharedBundle(
  source: ShareSource,
  options: ShareOptions,
  context: ShareContext,
): Promise<Bundle> {
  const { draft, head, weightsRunId } = source;
  const runs = [
    ...(options.includeRuns ? draft.runs : []),
    ...(options.includeSweepRuns ? source.sweepRuns : []),
  ];
  let weights: Record<string, BundleWeights> | undefined;
  if (options.includeWeights && weightsRunId !== null && runs.some((r) => r.id === weightsRunId)) {
    const saved = await context.exportWeights();
    const finite =
      saved === null
        ? null
        : finiteRunWeights(
            saved,
            'a model with such weights predicts nothing, so it is not shared with them. ' +
              'Leave out the weights, or reset the model and train it again',
          );
    if (finite !== null && !finite.ok) throw finite.error;
    const inline = saved === null ? null : inlineWeightsOf(saved.modelJson, saved.data);
    if (inline !== null) weights = { [weightsRunId]: inline };
  }
  const shared: Bundle = {
    ...draft,
    notebook: { ...draft.notebook, title: cleanTitle(options.title) },
    runs: runs.map((run) => {
      const rest = { ...run };
      delete rest.weightsKey;
      return weights !== undefined && run.id === weightsRunId
        ? { ...rest, weightsKey: weightsRunId }
        : rest;
    }),
  };
  delete shared.weights;
  if (weights !== undefined) shared.weights = weights;
  const createdAt = options.createdAt ?? new Date();
  // A head opened from an older bundle was brought up to date (migrated, new config fields
  // filled in), so its content no longer hashes to its id: shared as it is, its link would be
  // refused as changed. It goes out as the next version instead, named by what it now holds.
  const headIntact = head === null ? false : (await contentId(head)) === head.id;
  const versionOf = (datasets: Record<string, DatasetRef>): Promise<Bundle> => {
    const content = { ...shared, datasets };
    if (head === null) return firstVersion(content, createdAt, APP_VERSION);
    if (headIntact && isSameContent(head, content)) return Promise.resolve(head);
    return nextVersion(head, content, createdAt, APP_VERSION);
  };
  const datasets = Object.entries(draft.datasets).map(([key, ref]) => ({
    key,
    ...shareDataset(ref, recordOf(ref, context.stored)),
  }));
  const withInline = (keys: ReadonlySet<string>): Record<string, DatasetRef> =>
    Object.fromEntries(
      datasets.map(({ key, ref, inline }) => [
        key,
        inline !== null && keys.has(key) ? inline : ref,
      ]),
    );
  const csvLength = (inline: InlineDatasetRef | null) => inline?.csv.length ?? 0;
  const inlineable = datasets
    .filter(({ inline }) => inline !== null)
    .sort((a, b) => csvLength(a.inline) - csvLength(b.inline));
  // As many CSVs inline as keep the link within its budget, the smallest first.
  for (let n = inlineable.length; n > 0; n--) {
    const bundle = await versionOf(withInline(new Set(inlineable.slice(0, n).map((d) => d.key))));
    if (encodeInlineLink(canonicalJson(bundle)).bytes <= LINK_BUDGET_BYTES) return bundle;
  }
  return versionOf(withInline(new Set()));
}
