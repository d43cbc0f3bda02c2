/**
 * Writes the Keras training project of the playground's default experiment (the spiral) trained
 * by the engine for a few epochs, and the engine's per-epoch losses beside it (engine.json):
 *   npx tsx scripts/interop/make-project.ts OUT_DIR [EPOCHS] [OPTIMIZER]
 * then, in OUT_DIR: python train.py --init seed --epochs EPOCHS, and compare-epochs.py.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltinDatasetRef } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import { defaultExperiment } from '../../src/core/experiment/experiment';
import { kerasProjectFiles } from '../../src/core/export/keras-project/project';
import { OPTIMIZERS, type OptimizerName } from '../../src/core/train/config';
import { engineProject } from './project-input';

const [out, epochsArg = '3', optimizerArg] = process.argv.slice(2);
if (!out) throw new Error('usage: make-project.ts OUT_DIR [EPOCHS] [OPTIMIZER]');
const optimizer = OPTIMIZERS.find((name) => name === optimizerArg);
if (optimizerArg && !optimizer)
  throw new Error(`optimizer must be one of ${OPTIMIZERS.join(', ')}`);

const base = defaultExperiment();
const experiment = {
  ...base,
  config: { ...base.config, ...(optimizer ? { optimizer: optimizer as OptimizerName } : {}) },
};
const data = generate(experiment.dataset as BuiltinDatasetRef);
if (!data.ok) throw data.error;
const { input, epochs } = await engineProject({
  name: 'spiral',
  experiment,
  dataset: data.value,
  datasetName: 'Spiral',
  preprocessing: {
    format: 1,
    kind: 'points',
    task: 'classification',
    inputShape: data.value.inputShape,
    classNames: ['0', '1'],
    targetName: null,
    features: ['x', 'y'],
  },
  epochs: Number(epochsArg),
});
mkdirSync(out, { recursive: true });
for (const [name, bytes] of Object.entries(kerasProjectFiles(input))) {
  writeFileSync(join(out, name), bytes);
}
writeFileSync(join(out, 'engine.json'), JSON.stringify(epochs, null, 2));
console.log(`wrote ${out} (${epochs.length} engine epochs)`);
