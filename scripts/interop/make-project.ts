/**
 * Writes the Keras training project of a playground experiment (the default spiral, or another
 * generated dataset) trained by the engine for a few epochs, and the engine's per-epoch records
 * beside it (engine.json):
 *   npx tsx scripts/interop/make-project.ts OUT_DIR [EPOCHS] [OVERRIDES_JSON]
 * OVERRIDES_JSON: `{"generator": "sine", "layers": [...], ...TrainConfig fields}`. Then, in
 * OUT_DIR: `python train.py --init seed --epochs EPOCHS` and compare metrics.jsonl with engine.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATORS, type BuiltinDatasetRef } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import { builtinInfo } from '../../src/core/data/info';
import { defaultExperiment, type Experiment } from '../../src/core/experiment/experiment';
import { kerasProjectFiles } from '../../src/core/export/keras-project/project';
import { outputLayerFor } from '../../src/core/model/stack-analysis';
import { defaultStack } from '../../src/core/model/stack-presets';
import { validateSpec } from '../../src/core/model/validate';
import { validateConfig } from '../../src/core/train/config';
import { engineProject } from './project-input';

const [out, epochsArg = '3', overridesArg = '{}'] = process.argv.slice(2);
if (!out) throw new Error('usage: make-project.ts OUT_DIR [EPOCHS] [OVERRIDES_JSON]');
const { generator, layers, ...configOverrides } = JSON.parse(overridesArg) as Record<
  string,
  unknown
>;

function experimentOf(): Experiment {
  const base = defaultExperiment();
  const name = GENERATORS.find((g) => g === generator);
  if (generator !== undefined && !name) throw new Error(`generator must be one of ${GENERATORS}`);
  const dataset: BuiltinDatasetRef = {
    ...(base.dataset as BuiltinDatasetRef),
    ...(name ? { generator: name, params: { size: 400, noise: 0.05, classes: 1 } } : {}),
  };
  const info = builtinInfo(dataset);
  const spec = validateSpec({
    layers: layers ?? [...defaultStack(info), outputLayerFor(info)],
  });
  if (!spec.ok) throw spec.error;
  const config = validateConfig({
    ...base.config,
    ...(info.task === 'regression' ? { loss: 'meanSquaredError' } : {}),
    ...configOverrides,
  });
  if (!config.ok) throw config.error;
  return { ...base, dataset, model: spec.value, config: config.value };
}

const experiment = experimentOf();
const data = generate(experiment.dataset as BuiltinDatasetRef);
if (!data.ok) throw data.error;
const classification = data.value.task === 'classification';
const { input, epochs } = await engineProject({
  name: 'interop',
  experiment,
  dataset: data.value,
  datasetName: (experiment.dataset as BuiltinDatasetRef).generator,
  preprocessing: {
    format: 1,
    kind: 'points',
    task: data.value.task,
    inputShape: data.value.inputShape,
    classNames: classification ? ['0', '1'] : [],
    targetName: null,
    features: data.value.inputShape[0] === 1 ? ['x'] : ['x', 'y'],
  },
  epochs: Number(epochsArg),
});
mkdirSync(out, { recursive: true });
for (const [name, bytes] of Object.entries(kerasProjectFiles(input))) {
  writeFileSync(join(out, name), bytes);
}
writeFileSync(join(out, 'engine.json'), JSON.stringify(epochs, null, 2));
console.log(`wrote ${out} (${epochs.length} engine epochs)`);
