/**
 * Builds the e2e fixtures into e2e/fixtures/generated/ (gitignored): files in the formats their
 * upstream sources publish, served by scripts/serve-fixtures.mjs in place of the network:
 *   mnist/    mnist_images.png + mnist_labels_uint8     (TF.js example sprite, 3,000 real digits)
 *   fashion/  train-{images-idx3,labels-idx1}-ubyte.gz  (IDX, 500 drawn silhouettes)
 *   cifar/    cifar-10-binary.tar.gz                    (5 + 1 batches of 40 drawn scenes)
 *   images/   shapes.zip                                (circle/ and square/, 20 PNGs each)
 *   csv/      good.csv, malformed.csv, regression.csv
 *   text/     names.txt                                 (400 first names, one per line)
 *   bundles/  depth-spiral.json                         (a shipped lesson, as a teacher hosts one)
 *   SHA256SUMS  `sha256sum` format, for every file above
 * Skipped when every output is newer than its inputs; `--force` rebuilds.
 * Usage: npx tsx scripts/build-fixtures.ts [--force]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cifarTarGz } from './datasets/cifar';
import { fashionIdx } from './datasets/fashion';
import { MNIST_DIGIT_FILES, loadDigits } from './datasets/mnist';
import { mnistSprite } from './datasets/mnist-sprite';
import { shapesZip } from './datasets/shapes';
import { goodCsv, malformedCsv, regressionCsv } from './datasets/tables';
import { NAMES_FILES, namesText } from './datasets/text';
import { isUpToDate, report, sourceFiles, writeOutput } from './lib/outputs';
import { REPO_ROOT } from './lib/paths';

const OUT_DIR = join(REPO_ROOT, 'e2e/fixtures/generated');
const SUMS = 'SHA256SUMS';
/** The bundle file a `#url=` link names: a lesson the app ships, so it always reads. */
const HOSTED_LESSON = join(REPO_ROOT, 'public/lessons/depth-spiral.json');
/** Enough rows that a throttled download (?slow=) lasts long enough to show progress. */
const SPRITE_DIGITS = 3000;

const FIXTURES = [
  'mnist/mnist_images.png',
  'mnist/mnist_labels_uint8',
  'fashion/train-images-idx3-ubyte.gz',
  'fashion/train-labels-idx1-ubyte.gz',
  'cifar/cifar-10-binary.tar.gz',
  'images/shapes.zip',
  'csv/good.csv',
  'csv/malformed.csv',
  'csv/regression.csv',
  'text/names.txt',
  'bundles/depth-spiral.json',
] as const;

function build(): Record<(typeof FIXTURES)[number], Uint8Array | string> {
  const sprite = mnistSprite(loadDigits(), SPRITE_DIGITS);
  const fashion = fashionIdx();
  return {
    'mnist/mnist_images.png': sprite.png,
    'mnist/mnist_labels_uint8': sprite.labels,
    'fashion/train-images-idx3-ubyte.gz': fashion.images,
    'fashion/train-labels-idx1-ubyte.gz': fashion.labels,
    'cifar/cifar-10-binary.tar.gz': cifarTarGz(),
    'images/shapes.zip': shapesZip(),
    'csv/good.csv': goodCsv(),
    'csv/malformed.csv': malformedCsv(),
    'csv/regression.csv': regressionCsv(),
    'text/names.txt': namesText(400),
    'bundles/depth-spiral.json': readFileSync(HOSTED_LESSON),
  };
}

const OUTPUTS = [...FIXTURES, SUMS].map((file) => join(OUT_DIR, file));

const inputs = [
  ...MNIST_DIGIT_FILES,
  ...NAMES_FILES,
  ...sourceFiles(join(REPO_ROOT, 'scripts/lib')),
  ...sourceFiles(join(REPO_ROOT, 'scripts/datasets')),
  join(REPO_ROOT, 'scripts/build-fixtures.ts'),
  join(REPO_ROOT, 'src/core/data/rng.ts'),
  HOSTED_LESSON,
];

if (!process.argv.includes('--force') && isUpToDate(OUTPUTS, inputs)) {
  for (const path of OUTPUTS) console.log(report(path, 'up to date'));
} else {
  const files = build();
  const sums: string[] = [];
  for (const file of [...FIXTURES].sort()) {
    const content = files[file];
    const path = join(OUT_DIR, file);
    writeOutput(path, content);
    sums.push(`${createHash('sha256').update(content).digest('hex')}  ${file}`);
    console.log(report(path, 'wrote'));
  }
  // Written last, so it is the newest output only once every file it lists is in place.
  writeOutput(join(OUT_DIR, SUMS), sums.join('\n') + '\n');
  console.log(report(join(OUT_DIR, SUMS), 'wrote'));
}
