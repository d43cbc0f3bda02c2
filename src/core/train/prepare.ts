/**
 * Turns an untrusted training job into validated, generated data ready for the device: the one
 * place a job's spec, config and dataset are checked against each other.
 */
import type { Dataset } from '../data/dataset';
import { splitIndices, takeRows } from '../data/split';
import { InvalidConfigError, InvalidSpecError, type GradlabError } from '../errors';
import { inferModel } from '../model/inference';
import type { ModelSpec, ModelSummary } from '../model/spec';
import { validateSpec } from '../model/validate';
import type { TrainJob } from '../protocol';
import { err, ok, type Result } from '../result';
import { LOSSES_FOR, validateConfig, type TrainConfig } from './config';

export interface PreparedJob {
  spec: ModelSpec;
  summary: ModelSummary;
  config: TrainConfig;
  dataset: Dataset;
  train: Dataset;
  validation: Dataset | null;
  /** The dataset rows the validation examples come from, in order (for showing examples). */
  validationRows: Int32Array | null;
  gridResolution: number;
}

/**
 * `data` is what the experiment's dataset names, loaded by the caller (generated, or read from
 * storage).
 */
export function prepareJob(job: TrainJob, data: Dataset): Result<PreparedJob, GradlabError> {
  const config = validateConfig(job.experiment.config);
  if (!config.ok) return config;
  const spec = validateSpec(job.experiment.model);
  if (!spec.ok) return spec;
  const summary = inferModel(spec.value, data.inputShape);
  if (!summary.ok) return summary;

  const fit = checkFit(summary.value, config.value, data);
  if (!fit.ok) return fit;

  const split = splitIndices(data.n, config.value.validationSplit, config.value.seed);
  return ok({
    spec: spec.value,
    summary: summary.value,
    config: config.value,
    dataset: data,
    train: takeRows(data, split.train),
    validation: split.validation.length > 0 ? takeRows(data, split.validation) : null,
    validationRows: split.validation.length > 0 ? split.validation : null,
    gridResolution: job.gridResolution,
  });
}

/** The model's output and the loss must suit the task, or training would fail inside TF.js. */
function checkFit(
  summary: ModelSummary,
  config: TrainConfig,
  data: Dataset,
): Result<true, GradlabError> {
  const last = summary.layers.length - 1;
  const { shape: expected, what } = expectedOutput(data);
  const { outputShape } = summary;
  if (outputShape.length !== expected.length || outputShape.some((d, i) => d !== expected[i])) {
    return err(
      new InvalidSpecError(
        `The last layer gives shape [${summary.outputShape.join(', ')}], but this dataset needs ${what}.`,
        last,
      ),
    );
  }
  const suited = LOSSES_FOR[data.task];
  if (!suited.includes(config.loss)) {
    const choices = suited.length === 1 ? suited[0] : `one of ${suited.join(', ')}`;
    return err(
      new InvalidConfigError(
        `The ${config.loss} loss does not suit a ${data.task} dataset; use ${choices}.`,
        'loss',
      ),
    );
  }
  return ok(true);
}

/** The output shape a dataset's task needs, and how the message says it. */
function expectedOutput(data: Dataset): { shape: number[]; what: string } {
  switch (data.task) {
    case 'classification':
      return { shape: [data.numClasses], what: `${data.numClasses} outputs, one per class` };
    case 'regression':
      return { shape: [1], what: '1 output' };
    case 'sequence': {
      const length = data.inputShape[0] ?? 0;
      return {
        shape: [length, data.numClasses],
        what: `[${length}, ${data.numClasses}]: a probability for each of the ${data.numClasses} tokens at each of the ${length} positions`,
      };
    }
  }
}
