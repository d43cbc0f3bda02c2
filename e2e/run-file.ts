/**
 * The metrics.jsonl a Keras project's train.py would write for a browser run, made from that
 * run's stored record, so the import can be tested without Python. The lead's chain test swaps in
 * the file a real train.py wrote: `importFiles` takes any file's bytes.
 */
import type { Page } from '@playwright/test';

/** What the run file is made from: a stored run as this browser keeps it. */
export interface BrowserRun {
  id: string;
  name: string;
  experiment: unknown;
  datasetSha256: string | null;
  epochs: {
    epoch: number;
    trainLoss: number;
    trainAccuracy: number | null;
    validationLoss: number | null;
    validationAccuracy: number | null;
  }[];
}

/** Every run the page's browser has stored, newest first. */
export const storedRuns = (page: Page): Promise<BrowserRun[]> =>
  page.evaluate(
    () =>
      new Promise<BrowserRun[]>((resolve, reject) => {
        const open = indexedDB.open('gradlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            const runs = (all.result as (BrowserRun & { createdAt: string })[])
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .map(({ id, name, experiment, datasetSha256, epochs }) => ({
                id,
                name,
                experiment,
                datasetSha256,
                epochs,
              }));
            resolve(runs);
          };
        };
      }),
  );

export const KERAS_MACHINE = {
  keras: '3.15.1',
  backend: 'tensorflow',
  framework: 'tensorflow 2.21.0',
  devices: ['GPU:0', 'GPU:1'],
  strategy: 'mirrored',
  replicas: 2,
  python: '3.12.3',
  platform: 'Linux-6.8.0-x86_64-with-glibc2.39',
  hostname: 'gpu-server',
};

/**
 * The run file of `run`'s experiment trained again elsewhere: the same epochs, with losses a
 * little lower (so the two curves tell apart), and an end line unless the process was `killed`.
 */
export function kerasRunFile(run: BrowserRun, { killed = false } = {}): string {
  const header = {
    kind: 'gradlab-run',
    format: 1,
    name: run.name,
    sourceRunId: run.id,
    experiment: run.experiment,
    datasetSha256: run.datasetSha256,
    init: 'seed',
    startedAt: new Date().toISOString(),
    machine: KERAS_MACHINE,
  };
  const epochs = run.epochs.map((e) => ({
    kind: 'epoch',
    ...e,
    trainLoss: e.trainLoss * 0.8,
    validationLoss: e.validationLoss === null ? null : e.validationLoss * 0.8,
    learningRate: 0.03,
    wallSeconds: 0.5,
  }));
  const end = {
    kind: 'end',
    status: 'finished',
    epochs: epochs.length,
    wallSeconds: 0.5 * epochs.length,
    samplesPerSec: 1234.5,
  };
  return (
    [header, ...epochs, ...(killed ? [] : [end])].map((line) => JSON.stringify(line)).join('\n') +
    '\n'
  );
}
