/**
 * The relabel bench's page side: `window.runRelabelBench(plan)`. The app's data worker
 * (workers/data.worker.ts, bundled as the app bundles it), on a bridge as the app's data client
 * makes, stores the shipped MNIST-10k as the app does (ensureShipped), then each round relabels
 * one example of the version the round before made (editDataset), timed from the command to its
 * parsed `saved` answer, with what storage holds (storedPieceBytes: shared pieces once) measured
 * before and after.
 */
import { DATA_WORKER } from '../../src/core/data-protocol';
import { createBridge } from '../../src/core/worker-bridge';
import { storedPieceBytes } from '../../src/storage/datasets-repo';
import { openGradlabDb } from '../../src/storage/open';
import type { RelabelReport, RelabelRound } from './relabel-report';
import { unwrap } from './unwrap';

export interface RelabelPlan {
  /** Where `datasets/mnist-10k.gds.gz` is served, as the app's root serves it. */
  appUrl: string;
  rounds: number;
}

declare global {
  interface Window {
    runRelabelBench(plan: RelabelPlan): Promise<RelabelReport>;
  }
}

/** Far apart, so no two rounds relabel examples in one stored piece. */
const STRIDE = 997;

async function measure(plan: RelabelPlan): Promise<RelabelReport> {
  const bridge = createBridge(DATA_WORKER, {
    spawn: () =>
      new Worker(new URL('../../workers/data.worker.ts', import.meta.url), {
        type: 'module',
        name: 'bench-data',
      }),
  });
  // The worker's database: its default name, as in the app.
  const db = unwrap(await openGradlabDb());
  try {
    const shipped = await bridge.request({
      type: 'ensureShipped',
      name: 'mnist-10k',
      appUrl: plan.appUrl,
    }).done;
    if (!shipped.ok) throw shipped.error;
    let record = shipped.value.record;
    const rounds: RelabelRound[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const index = (round * STRIDE) % record.header.count;
      const sample = await bridge.request({
        type: 'sample',
        sha256: record.sha256,
        count: 1,
        rows: [index],
      }).done;
      if (!sample.ok) throw sample.error;
      const from = sample.value.sample.labels[0] ?? 0;
      const to = (from + 1) % record.header.classNames.length;
      const before = await storedPieceBytes(db);
      const start = performance.now();
      // The worker reports the store phase as it begins: what comes after is saveDataset's.
      let storing = NaN;
      const saved = await bridge.request(
        {
          type: 'editDataset',
          sha256: record.sha256,
          edits: { relabel: [{ index, to }], remove: [] },
          note: `bench: example ${index} is a ${to}`,
        },
        {
          onProgress: (event) => {
            if (event.phase === 'store' && Number.isNaN(storing)) storing = performance.now();
          },
        },
      ).done;
      const end = performance.now();
      const ms = end - start;
      if (!saved.ok) throw saved.error;
      record = saved.value.record;
      const addedBytes = (await storedPieceBytes(db)) - before;
      const storeMs = end - storing;
      rounds.push({ version: record.lineage.version, index, from, to, ms, storeMs, addedBytes });
    }
    return {
      name: record.name,
      examples: record.header.count,
      setBytes: record.byteLength,
      rounds,
      error: null,
    };
  } finally {
    bridge.terminate();
    db.close();
  }
}

window.runRelabelBench = (plan) =>
  measure(plan).catch((error: unknown) => ({
    name: '',
    examples: 0,
    setBytes: 0,
    rounds: [],
    error: error instanceof Error ? error.message : String(error),
  }));
