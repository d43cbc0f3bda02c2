/**
 * Experiments as records kept them before the experiment was one value: runs and checkpoints
 * stored the training job `{ dataset, model, config, gridResolution }`. Migrations of those
 * records turn it into an experiment here; the experiment's validator then checks the result.
 */
import { isRecord } from '../is-record';
import { DEFAULT_CONFIG } from '../train/config';
import { defaultViews } from './views';

/** The experiment a legacy job stood for, unchecked; `job` itself when it is not an object. */
export function experimentFromJob(job: unknown): unknown {
  if (!isRecord(job)) return job;
  const { dataset, model, config } = job;
  const points = isRecord(dataset) && dataset.kind === 'builtin';
  return {
    dataset,
    model,
    // Configs saved before schedules and penalties existed lack them; they meant none.
    config: isRecord(config) ? { ...DEFAULT_CONFIG, ...config } : config,
    views: points ? defaultViews({ kind: 'points', task: 'classification' }) : ['curves'],
  };
}
