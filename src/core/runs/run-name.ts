/**
 * A new run's automatic name: its dataset, then the settings that tell it apart from the other
 * runs on that dataset ("cars · mse · lr 0.03 · units 32-16"), so two runs never share a name and
 * a name says what was tried. The loss (where the task offers a choice) and the learning rate are
 * always named; any other setting is named when some earlier run on the same dataset had another
 * value. A repeat with identical settings gets a number: "spiral · lr 0.03 (2)".
 */
import { datasetRefName } from '../data/ref';
import type { Experiment } from '../experiment/experiment';
import { allLayers } from '../model/blocks';
import { isRecord } from '../is-record';
import { LOSSES_FOR, type LossName, type Schedule } from '../train/config';

/** One setting as a run name shows it: a stable key, and the words ("lr 0.03"); '' says nothing. */
export interface RunFacet {
  key: string;
  text: string;
}

/** What a name holds besides the dataset, so names stay readable beside the table's columns. */
export const MAX_NAME_FACETS = 5;

const LOSS_WORDS: Record<LossName, string> = {
  categoricalCrossentropy: 'crossentropy',
  meanSquaredError: 'mse',
  meanAbsoluteError: 'mae',
  huber: 'huber',
  sparseCategoricalCrossentropy: 'token crossentropy',
};

/** The losses the task of `loss` offers: each loss suits one task (core/train/prepare.ts). */
const lossChoices = (loss: LossName): readonly LossName[] =>
  Object.values(LOSSES_FOR).find((losses) => losses.includes(loss)) ?? [loss];

/** `0.03`, `1e-4`, `250`: short, and the same number always reads the same. */
export function shortNumber(x: number): string {
  if (x !== 0 && Math.abs(x) < 1e-3) {
    const [mantissa = '', exponent = ''] = x.toExponential().split('e');
    return `${Number(Number(mantissa).toPrecision(3))}e${exponent.replace('+', '')}`;
  }
  return String(Number(x.toPrecision(4)));
}

/** FNV-1a, six hex digits: enough to tell two long values (inline CSV text) apart in a name. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
}

/** A value in a few characters: numbers short, arrays joined, long text as a hash. */
function shortValue(value: unknown): string {
  if (typeof value === 'number') return shortNumber(value);
  if (Array.isArray(value)) return value.map(shortValue).join('x');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length <= 16) return text;
  return /^[0-9a-f]+$/i.test(text) ? text.slice(0, 6) : `#${shortHash(text)}`;
}

function scheduleWords(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'constant':
      return 'constant lr';
    case 'step':
      return `lr ×${shortNumber(schedule.factor)} every ${schedule.everyEpochs}`;
    case 'cosine':
      return `cosine to ${shortNumber(schedule.minLearningRate)}`;
  }
}

const LAYER_FIELD_WORDS: Record<string, string> = { rate: 'dropout', units: 'units' };

/**
 * The model as facets: each layer setting across the hidden layers (the output layer follows the
 * data, so it tells no runs apart), e.g. `units 16-8`, `relu`, `dropout 0.2`, then the layer count.
 */
function modelFacets(experiment: Experiment): RunFacet[] {
  const layers = allLayers(experiment.model.layers);
  const hidden = layers.slice(0, -1);
  const fields = [...new Set(hidden.flatMap((layer) => Object.keys(layer)))].filter(
    (field) => field !== 'type',
  );
  const facets = fields.map((field): RunFacet => {
    const shown = hidden.flatMap((layer) => {
      const value = isRecord(layer) ? layer[field] : undefined;
      return value === undefined ? [] : [shortValue(value)];
    });
    const same = shown.every((v) => v === shown[0]);
    if (field === 'activation') {
      return { key: `model.${field}`, text: same ? (shown[0] ?? '') : shown.join('-') };
    }
    const joined = shown.join('-');
    return {
      key: `model.${field}`,
      text: joined === '' ? '' : `${LAYER_FIELD_WORDS[field] ?? field} ${joined}`,
    };
  });
  return [...facets, { key: 'model.layers', text: `${layers.length} layers` }];
}

/** Every leaf of the dataset ref but those that name it (the name is the name's first part). */
function datasetFacets(experiment: Experiment): RunFacet[] {
  const facets: RunFacet[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (isRecord(value)) {
      for (const key of Object.keys(value).sort()) walk(value[key], [...path, key]);
      return;
    }
    const [first] = path;
    if (path.length === 1 && (first === 'kind' || first === 'name' || first === 'generator')) {
      return;
    }
    if (path.length === 1 && first === 'task') return;
    const last = path.at(-1) ?? '';
    const words = path.length === 1 && last === 'seed' ? 'data seed' : last;
    facets.push({ key: `dataset.${path.join('.')}`, text: `${words} ${shortValue(value)}` });
  };
  walk(experiment.dataset, []);
  return facets;
}

/** Every setting a name may show, most telling first. */
export function runFacets(experiment: Experiment): RunFacet[] {
  const { config } = experiment;
  const optional = (key: keyof typeof config, words: string): RunFacet => {
    const value = config[key];
    return {
      key: `config.${key}`,
      text: typeof value === 'number' && value !== 0 ? `${words} ${shortNumber(value)}` : '',
    };
  };
  return [
    { key: 'config.loss', text: LOSS_WORDS[config.loss] },
    { key: 'config.optimizer', text: config.optimizer },
    { key: 'config.learningRate', text: `lr ${shortNumber(config.learningRate)}` },
    { key: 'config.schedule', text: scheduleWords(config.schedule) },
    { key: 'config.batchSize', text: `batch ${config.batchSize}` },
    { key: 'config.epochs', text: `${config.epochs} epochs` },
    ...modelFacets(experiment),
    optional('l1', 'l1'),
    optional('l2', 'l2'),
    optional('weightDecay', 'wd'),
    optional('clipNorm', 'clip'),
    ...datasetFacets(experiment),
    { key: 'config.validationSplit', text: `val ${shortNumber(config.validationSplit)}` },
    { key: 'config.seed', text: `seed ${config.seed}` },
  ];
}

/** What a run is known by, for comparing it with a new one. */
export interface NamedExperiment {
  name: string;
  experiment: Experiment;
}

/**
 * `<dataset> · <settings>` without the number a repeat gets: the always-named settings, then,
 * while some other run on the same dataset reads the same so far, the setting that tells the most
 * of those apart (the most telling first on a tie). Shown in the order of `runFacets`.
 */
export function describeRun(experiment: Experiment, others: readonly NamedExperiment[]): string {
  const dataset = datasetRefName(experiment.dataset);
  const facets = runFacets(experiment);
  let alike = others
    .filter((other) => datasetRefName(other.experiment.dataset) === dataset)
    .map((other) => new Map(runFacets(other.experiment).map((f) => [f.key, f.text])));
  const lossChoice = lossChoices(experiment.config.loss).length > 1;
  const chosen = new Set(
    facets.filter(
      (f) => f.key === 'config.learningRate' || (f.key === 'config.loss' && lossChoice),
    ),
  );
  const differs = (peer: Map<string, string>, facet: RunFacet) =>
    (peer.get(facet.key) ?? '') !== facet.text;
  alike = alike.filter((peer) => ![...chosen].some((facet) => differs(peer, facet)));
  while (alike.length > 0 && chosen.size < MAX_NAME_FACETS) {
    let best: RunFacet | null = null;
    let told = 0;
    for (const facet of facets) {
      const count = alike.filter((peer) => differs(peer, facet)).length;
      if (count > told) [best, told] = [facet, count];
    }
    if (best === null) break;
    const pick = best;
    chosen.add(pick);
    alike = alike.filter((peer) => !differs(peer, pick));
  }
  const parts = facets
    .filter((facet) => chosen.has(facet))
    .map((facet) => (facet.text === '' ? `no ${facet.key.split('.').at(-1) ?? ''}` : facet.text));
  return [dataset, ...parts].join(' · ');
}

/** `name`, or `name (2)`, `name (3)`...: the first no other run has. */
export function uniqueRunName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let n = 2; ; n++) {
    const numbered = `${name} (${n})`;
    if (!names.has(numbered)) return numbered;
  }
}

/** A new run's name among `others`: what tells it apart, and unique. */
export const autoRunName = (experiment: Experiment, others: readonly NamedExperiment[]): string =>
  uniqueRunName(
    describeRun(experiment, others),
    others.map((other) => other.name),
  );
