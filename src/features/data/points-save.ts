/**
 * Saving drawn points through the data worker: a draft without a base becomes a new dataset
 * (`storeCaptured`); one that edits a stored version becomes that line's next version. Removals
 * (erased or moved points) are an edit of the base (`editDataset`) and additions are appended to
 * the result (`storeCaptured` with `parent`): a save that does both makes two versions, the last
 * of which holds the draft.
 */
import type { StoredDataset } from '../../core/data/stored-dataset';
import { requestData } from './data-client';
import type { PointsDraft, SavePlan } from './points-draft';

export interface SaveRequest {
  draft: PointsDraft;
  plan: SavePlan;
  /** The dataset's name (a new dataset's; a version keeps its line's). */
  name: string;
  note: string;
}

export type SaveOutcome = { ok: true; record: StoredDataset } | { ok: false; message: string };

export async function saveDraft({ draft, plan, name, note }: SaveRequest): Promise<SaveOutcome> {
  let parent = draft.base?.sha256 ?? null;
  let record: StoredDataset | null = null;
  if (parent !== null && plan.remove.length > 0) {
    const edited = await requestData({
      type: 'editDataset',
      sha256: parent,
      edits: { relabel: [], remove: plan.remove },
      note,
    }).done;
    if (!edited.ok) return { ok: false, message: edited.error.message };
    record = edited.value.record;
    parent = record.sha256;
  }
  if (plan.append !== null) {
    const stored = await requestData({
      type: 'storeCaptured',
      name,
      what: 'points',
      kind: 'points',
      inputShape: [2],
      x: plan.append.x,
      labels: plan.append.labels,
      classNames: [...draft.classNames],
      parent,
      note,
      license: '',
    }).done;
    if (!stored.ok) return { ok: false, message: stored.error.message };
    record = stored.value.record;
  }
  return record === null
    ? { ok: false, message: 'Nothing changed since this version was saved.' }
    : { ok: true, record };
}
