/**
 * What a sweep can vary in an experiment, and setting one of those fields to a value: every value
 * goes through the experiment's own validators, so a sweep cannot build an experiment the editors
 * could not.
 */
import type { DatasetRef } from '../data/dataset';
import { isGeneratedRef } from '../data/load';
import { validateDatasetRef } from '../data/ref';
import { InvalidSweepError } from '../errors';
import type { Experiment } from '../experiment/experiment';
import { isLocked, type LockableField } from '../experiment/locks';
import { validateExperiment } from '../experiment/validate';
import type { LayerSpec } from '../model/spec';
import { validateSpec } from '../model/validate';
import { err, ok, type Result } from '../result';
import { validateConfig } from '../train/config';
import {
  SWEEP_CONFIG_FIELDS,
  type SweepConfigField,
  type SweepTarget,
  type SweepValue,
} from './sweep';
import { formatValue } from './values';

type LayerSetting = Extract<SweepTarget, { kind: 'layer' }>['setting'];

const CONFIG_LABELS: Record<SweepConfigField, { label: string; short: string }> = {
  learningRate: { label: 'learning rate', short: 'lr' },
  batchSize: { label: 'batch size', short: 'batch' },
  epochs: { label: 'epochs', short: 'epochs' },
  optimizer: { label: 'optimizer', short: 'opt' },
  l1: { label: 'L1 penalty', short: 'l1' },
  l2: { label: 'L2 penalty', short: 'l2' },
  clipNorm: { label: 'gradient clipping norm', short: 'clip' },
  weightDecay: { label: 'weight decay', short: 'wd' },
  validationSplit: { label: 'validation split', short: 'val split' },
};

/** The fields whose values are whole numbers: a range's points are rounded to them. */
const WHOLE_CONFIG: ReadonlySet<SweepConfigField> = new Set(['batchSize', 'epochs']);

/** The layer at `path` (a residual block's layers one index further in), if there is one. */
export function layerAt(layers: readonly LayerSpec[], path: readonly number[]): LayerSpec | null {
  const [index, ...rest] = path;
  const layer = index === undefined ? undefined : layers[index];
  if (layer === undefined) return null;
  if (rest.length === 0) return layer;
  return layer.type === 'residual' ? layerAt(layer.layers, rest) : null;
}

/** The settings of a layer a sweep can vary, with the value each has now. */
function layerSettings(layer: LayerSpec): { setting: LayerSetting; current: SweepValue }[] {
  switch (layer.type) {
    case 'dense':
      return [
        { setting: 'units', current: layer.units },
        { setting: 'activation', current: layer.activation },
      ];
    case 'conv2d':
    case 'conv1d':
      return [
        { setting: 'units', current: layer.filters },
        { setting: 'activation', current: layer.activation },
      ];
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return [{ setting: 'units', current: layer.units }];
    case 'activation':
      return [{ setting: 'activation', current: layer.activation }];
    case 'dropout':
      return [{ setting: 'rate', current: layer.rate }];
    default:
      return [];
  }
}

/** Every hidden layer's variable settings, blocks opened, in the order the stack shows them. */
function layerTargets(
  layers: readonly LayerSpec[],
  prefix: number[],
): { target: SweepTarget; current: SweepValue }[] {
  return layers.flatMap((layer, i) => {
    const path = [...prefix, i];
    if (layer.type === 'residual') return layerTargets(layer.layers, path);
    return layerSettings(layer).map(({ setting, current }) => ({
      target: { kind: 'layer', path, setting },
      current,
    }));
  });
}

/** Every field of `experiment` a sweep may vary, with its label and its value now. */
export function sweepTargets(
  experiment: Experiment,
): { target: SweepTarget; label: string; current: SweepValue }[] {
  const { config, dataset, model } = experiment;
  const found: { target: SweepTarget; current: SweepValue }[] = [
    ...SWEEP_CONFIG_FIELDS.map((field) => ({
      target: { kind: 'config', field } as const,
      current: config[field],
    })),
    // The output layer follows the dataset; it is not the user's to vary.
    ...layerTargets(model.layers.slice(0, -1), []),
  ];
  if (dataset.kind === 'builtin') {
    found.push({ target: { kind: 'dataset', param: 'noise' }, current: dataset.params.noise });
  }
  if (isGeneratedRef(dataset)) {
    found.push({ target: { kind: 'dataset', param: 'size' }, current: dataset.params.size });
  }
  found.push({ target: { kind: 'seed' }, current: config.seed });
  return found.map(({ target, current }) => ({
    target,
    label: targetLabel(target, experiment),
    current,
  }));
}

/** A stable id of the target: `config.learningRate`, `layer.2.1.units`, `dataset.noise`, `seed`. */
export function targetKey(target: SweepTarget): string {
  switch (target.kind) {
    case 'config':
      return `config.${target.field}`;
    case 'layer':
      return `layer.${target.path.join('.')}.${target.setting}`;
    case 'dataset':
      return `dataset.${target.param}`;
    case 'seed':
      return 'seed';
  }
}

const LAYER_SETTINGS: readonly LayerSetting[] = ['units', 'activation', 'rate'];
const isConfigField = (name: string): name is SweepConfigField =>
  SWEEP_CONFIG_FIELDS.some((field) => field === name);
const isLayerSetting = (name: string): name is LayerSetting =>
  LAYER_SETTINGS.some((setting) => setting === name);

/** The target `targetKey` made `key` from, or null for a key it never makes. */
export function targetFromKey(key: string): SweepTarget | null {
  if (key === 'seed') return { kind: 'seed' };
  if (key === 'dataset.noise' || key === 'dataset.size') {
    return { kind: 'dataset', param: key === 'dataset.noise' ? 'noise' : 'size' };
  }
  const [kind, ...rest] = key.split('.');
  const field = rest[0] ?? '';
  if (kind === 'config' && rest.length === 1 && isConfigField(field)) {
    return { kind: 'config', field };
  }
  const setting = rest.pop() ?? '';
  if (kind !== 'layer' || rest.length === 0 || !isLayerSetting(setting)) return null;
  if (!rest.every((part) => /^(0|[1-9]\d{0,3})$/.test(part))) return null;
  return { kind: 'layer', path: rest.map(Number), setting };
}

const layerNumber = (path: readonly number[]): string => path.map((i) => i + 1).join('.');

const settingWord = (setting: LayerSetting, layer: LayerSpec | null): string => {
  if (setting === 'rate') return 'rate';
  if (setting === 'activation') return 'activation';
  return layer?.type === 'conv2d' || layer?.type === 'conv1d' ? 'filters' : 'units';
};

/** What the field is called in the Sweep dialog and on axes: "learning rate", "layer 1 (dense) units". */
export function targetLabel(target: SweepTarget, experiment: Experiment): string {
  switch (target.kind) {
    case 'config':
      return CONFIG_LABELS[target.field].label;
    case 'layer': {
      const layer = layerAt(experiment.model.layers, target.path);
      const type = layer === null ? '' : ` (${layer.type})`;
      return `layer ${layerNumber(target.path)}${type} ${settingWord(target.setting, layer)}`;
    }
    case 'dataset':
      return target.param === 'noise' ? 'noise' : 'dataset size';
    case 'seed':
      return 'seed';
  }
}

/** The field in a few characters, for run names: "lr", "units 1", "noise", "seed". */
export function targetShortLabel(target: SweepTarget): string {
  switch (target.kind) {
    case 'config':
      return CONFIG_LABELS[target.field].short;
    case 'layer': {
      const word = { units: 'units', activation: 'act', rate: 'dropout' }[target.setting];
      return `${word} ${layerNumber(target.path)}`;
    }
    case 'dataset':
      return target.param === 'noise' ? 'noise' : 'size';
    case 'seed':
      return 'seed';
  }
}

/** The lock that keeps a student from changing the field (a layer's setting is the model's). */
export function lockOf(target: SweepTarget): LockableField {
  switch (target.kind) {
    case 'config':
      return `config.${target.field}`;
    case 'layer':
      return 'model';
    case 'dataset':
      return 'dataset';
    case 'seed':
      return 'config.seed';
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const isWholeTarget = (target: SweepTarget): boolean =>
  (target.kind === 'config' && WHOLE_CONFIG.has(target.field)) ||
  (target.kind === 'layer' && target.setting === 'units') ||
  (target.kind === 'dataset' && target.param === 'size') ||
  target.kind === 'seed';

/** The value the field is set to: a range's point rounded where the field counts things. */
export function appliedValue(target: SweepTarget, value: SweepValue): SweepValue {
  return typeof value === 'number' && isWholeTarget(target) ? Math.round(value) : value;
}

/** `layers` with the layer at `path` replaced by `change(layer)`, or null where there is none. */
function replaced(
  layers: readonly LayerSpec[],
  path: readonly number[],
  change: (layer: LayerSpec) => object | null,
): object[] | null {
  const [index, ...rest] = path;
  const layer = index === undefined ? undefined : layers[index];
  if (index === undefined || layer === undefined) return null;
  let next: object | null;
  if (rest.length === 0) next = change(layer);
  else if (layer.type !== 'residual') next = null;
  else {
    const inner = replaced(layer.layers, rest, change);
    next = inner === null ? null : { ...layer, layers: inner };
  }
  return next === null ? null : layers.map((l, i) => (i === index ? next : l));
}

function withSetting(layer: LayerSpec, setting: LayerSetting, value: SweepValue): object | null {
  if (!layerSettings(layer).some((s) => s.setting === setting)) return null;
  if (setting !== 'units') return { ...layer, [setting]: value };
  return layer.type === 'conv2d' || layer.type === 'conv1d'
    ? { ...layer, filters: value }
    : { ...layer, units: value };
}

/** A dataset ref with `param` set to `value` (validateDatasetRef checks the range). */
function withParam(dataset: DatasetRef, param: 'noise' | 'size', value: SweepValue): object | null {
  if (dataset.kind === 'builtin')
    return { ...dataset, params: { ...dataset.params, [param]: value } };
  if (dataset.kind === 'sequence' && param === 'size') {
    return { ...dataset, params: { ...dataset.params, size: value } };
  }
  return null;
}

/**
 * `experiment` with one field set to `value`, or why it cannot take it (the error's `field` is the
 * target's key). The seed is set as the editor sets it: a generated dataset's seed follows the
 * training seed, unless the dataset is locked (then only the training seed changes, as a
 * student's edit would).
 */
export function applyValue(
  experiment: Experiment,
  target: SweepTarget,
  value: SweepValue,
): Result<Experiment, InvalidSweepError> {
  const set = appliedValue(target, value);
  const label = targetLabel(target, experiment);
  const refuse = (problem: string) =>
    err(
      new InvalidSweepError(
        `${capitalized(label)} cannot be ${formatValue(set)}: ${problem}`,
        targetKey(target),
      ),
    );
  let candidate: object;
  let problem: string | null = null;
  switch (target.kind) {
    case 'config': {
      const config = { ...experiment.config, [target.field]: set };
      const checked = validateConfig(config);
      if (!checked.ok) problem = checked.error.message;
      candidate = { ...experiment, config };
      break;
    }
    case 'seed': {
      const config = { ...experiment.config, seed: set };
      const checked = validateConfig(config);
      if (!checked.ok) problem = checked.error.message;
      const { dataset } = experiment;
      const follows = isGeneratedRef(dataset) && !isLocked(experiment, 'dataset');
      candidate = { ...experiment, config, dataset: follows ? { ...dataset, seed: set } : dataset };
      break;
    }
    case 'layer': {
      const hidden = experiment.model.layers.slice(0, -1);
      const output = experiment.model.layers.slice(-1);
      const layers = replaced(hidden, target.path, (layer) =>
        withSetting(layer, target.setting, set),
      );
      if (layers === null) return refuse('the model has no such layer setting.');
      const model = { ...experiment.model, layers: [...layers, ...output] };
      const checked = validateSpec(model);
      if (!checked.ok) problem = checked.error.message;
      candidate = { ...experiment, model };
      break;
    }
    case 'dataset': {
      const dataset = withParam(experiment.dataset, target.param, set);
      if (dataset === null) return refuse(`only a generated dataset has that setting.`);
      const checked = validateDatasetRef(dataset);
      if (!checked.ok) problem = checked.error.message;
      candidate = { ...experiment, dataset };
      break;
    }
  }
  if (problem !== null) return refuse(problem);
  const checked = validateExperiment(candidate);
  return checked.ok ? ok(checked.value) : refuse(checked.error.message);
}
