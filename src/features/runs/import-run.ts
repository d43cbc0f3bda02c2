/**
 * Runs -> Import run: the files a user picked (metrics.jsonl alone, or train.py's output folder
 * with model.json and weights.bin) read into a stored run. Weights are refused unless they are the
 * header's model and every value is a number, so loading them into the playground cannot fail on a
 * shape or predict NaN later.
 */
import { RunFileError, METRICS_MAX_BYTES, parseRunFile } from '../../core/runs/metrics-file';
import type { Experiment } from '../../core/experiment/experiment';
import { importedRunOf, sourceRunOf } from '../../core/runs/imported-run';
import { err, ok, type Result } from '../../core/result';
import {
  finiteRunWeights,
  loadableWeights,
  modelJsonInputShape,
} from '../../core/runs/run-weights';
import type { RunWeights, StoredRun } from '../../core/runs/stored-run';
import { exportMatches } from '../model-export/export-matches';
import { describeRun, uniqueRunName } from '../../core/runs/run-name';

const MODEL_JSON_MAX_BYTES = 16 * 1024 * 1024;
const WEIGHTS_MAX_BYTES = 512 * 1024 * 1024;

const FOLDER_HINT =
  'choose metrics.jsonl alone, or the files of the folder train.py wrote (metrics.jsonl, ' +
  'model.json and weights.bin) together';

interface PickedFiles {
  metrics: File;
  model: { json: File; weights: File } | null;
}

const named = (files: readonly File[], test: (name: string) => boolean) =>
  files.filter((f) => test(f.name.toLowerCase()));

/** The run file and the weights among the picked files (a folder holds model.keras and more). */
function pickFiles(files: readonly File[]): Result<PickedFiles, RunFileError> {
  const runFiles = named(files, (n) => n.endsWith('.jsonl'));
  const exact = named(runFiles, (n) => n === 'metrics.jsonl');
  const candidates = exact.length > 0 ? exact : runFiles;
  const [metrics, ...others] = candidates;
  if (metrics === undefined)
    return err(new RunFileError(`There is no metrics.jsonl here: ${FOLDER_HINT}.`));
  if (others.length > 0) {
    return err(
      new RunFileError(
        `These files hold ${candidates.length} run files; import one run at a time: ${FOLDER_HINT}.`,
      ),
    );
  }
  const jsons = named(files, (n) => n === 'model.json');
  const bins = named(files, (n) => n.endsWith('.bin'));
  if (jsons.length === 0 && bins.length === 0) return ok({ metrics, model: null });
  const [json] = jsons;
  const [weights] = bins;
  if (json === undefined || weights === undefined || jsons.length > 1 || bins.length > 1) {
    return err(
      new RunFileError(
        'The weights need model.json and weights.bin, one of each (train.py --export-tfjs ' +
          `writes both): ${FOLDER_HINT}.`,
      ),
    );
  }
  return ok({ metrics, model: { json, weights } });
}

export interface ImportContext {
  runs: readonly StoredRun[];
  /** The input shape of the experiment's dataset when this browser knows it. */
  inputShapeOf(experiment: Experiment): number[] | null;
  newId(): string;
  now(): Date;
  appVersion: string;
}

async function readWeights(
  model: { json: File; weights: File },
  experiment: Experiment,
  inputShape: number[] | null,
): Promise<Result<RunWeights, RunFileError>> {
  if (model.json.size > MODEL_JSON_MAX_BYTES || model.weights.size > WEIGHTS_MAX_BYTES) {
    return err(new RunFileError('model.json or weights.bin is larger than Gradlab reads.'));
  }
  const weights: RunWeights = {
    modelJson: await model.json.text(),
    data: await model.weights.arrayBuffer(),
  };
  const shape = inputShape ?? modelJsonInputShape(weights.modelJson);
  const matches =
    shape === null
      ? err(new RunFileError('model.json names no input shape.'))
      : exportMatches(weights.modelJson, experiment.model, shape);
  const loadable = loadableWeights(weights);
  if (!matches.ok || !loadable.ok) {
    const why = loadable.ok ? 'its layers or weight shapes differ' : loadable.error;
    return err(
      new RunFileError(
        `model.json and weights.bin are not the model of this run's experiment (${why}). ` +
          'Choose the model.json and weights.bin that train.py --export-tfjs wrote beside this ' +
          'metrics.jsonl, or import metrics.jsonl alone.',
      ),
    );
  }
  const finite = finiteRunWeights(
    weights,
    'weights.bin is damaged, or the run diverged before it was saved. Import metrics.jsonl ' +
      'alone to keep the run without its weights',
  );
  if (!finite.ok) return err(new RunFileError(`${finite.error.message}.`));
  return ok(weights);
}

/** The stored run the picked files make, or what is wrong with them; nothing is saved here. */
export async function readRunImport(
  files: readonly File[],
  context: ImportContext,
): Promise<Result<StoredRun, RunFileError>> {
  const picked = pickFiles(files);
  if (!picked.ok) return picked;
  const { metrics, model } = picked.value;
  if (metrics.size > METRICS_MAX_BYTES) {
    return err(new RunFileError(`${metrics.name} is larger than a run file can be (8 MB).`));
  }
  const file = parseRunFile(await metrics.text());
  if (!file.ok) return file;
  const { experiment } = file.value;
  const source = sourceRunOf(context.runs, file.value);
  let weights: RunWeights | null = null;
  if (model !== null) {
    const sourceShape = source?.weights ? modelJsonInputShape(source.weights.modelJson) : null;
    const read = await readWeights(
      model,
      experiment,
      context.inputShapeOf(experiment) ?? sourceShape,
    );
    if (!read.ok) return read;
    weights = read.value;
  }
  const others = context.runs;
  const name = uniqueRunName(
    `${describeRun(experiment, others)} · Keras`,
    others.map((run) => run.name),
  );
  return ok(
    importedRunOf(file.value, {
      id: context.newId(),
      name,
      fileName: metrics.name,
      importedAt: context.now().toISOString(),
      appVersion: context.appVersion,
      source,
      weights,
    }),
  );
}
