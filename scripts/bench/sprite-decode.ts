/**
 * "Full-MNIST decode time": what the data worker does with a downloaded TF.js MNIST sprite once its
 * bytes are in (decode-download.ts, then store-packed.ts up to the write): decodeSprite to RGBA,
 * spriteDataset to a packed dataset, encodePacked and the SHA-256 that names it. The bytes are
 * fetched from the bench's own server before the clock starts: download time depends on the
 * network and is not measured here.
 */
import { MNIST_CLASS_NAMES } from '../../src/core/data/formats/idx';
import { spriteDataset } from '../../src/core/data/formats/mnist-sprite';
import { encodePacked } from '../../src/core/data/packed';
import { sha256Hex } from '../../src/core/hash';
import { decodeSprite } from '../../workers/data/decode-image';
import {
  noSpriteReport,
  type SpriteDecodeReport,
  type SpritePlan,
  type SpriteSteps,
} from './protocol';
import { median, toSeconds } from './stats';
import { unwrap } from './unwrap';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

interface Decoded {
  steps: SpriteSteps;
  width: number;
  height: number;
  packedBytes: number;
}

async function decodeOnce(images: Uint8Array, labels: Uint8Array): Promise<Decoded> {
  const t0 = performance.now();
  const { rgba, width, height } = unwrap(await decodeSprite(images, 'mnist_images.png'));
  const t1 = performance.now();
  const packed = unwrap(
    spriteDataset(rgba, width, height, labels, { name: 'MNIST', classNames: MNIST_CLASS_NAMES }),
  );
  const t2 = performance.now();
  const bytes = encodePacked(packed);
  const t3 = performance.now();
  await sha256Hex(bytes);
  const t4 = performance.now();
  const steps = {
    total: toSeconds(t4 - t0),
    bitmap: toSeconds(t1 - t0),
    toPacked: toSeconds(t2 - t1),
    encode: toSeconds(t3 - t2),
    sha256: toSeconds(t4 - t3),
  };
  return { steps, width, height, packedBytes: bytes.byteLength };
}

const medianOf = (rounds: SpriteSteps[], key: keyof SpriteSteps) =>
  median(rounds.map((r) => r[key]));

/** Times `plan.rounds` decodes of the served sprite. Never throws: a failure is the `error`. */
export async function timeSpriteDecode(
  plan: SpritePlan,
  log: (text: string) => void,
): Promise<SpriteDecodeReport> {
  const report: SpriteDecodeReport = noSpriteReport(null);
  try {
    const [images, labels] = await Promise.all([
      fetchBytes(plan.imagesUrl),
      fetchBytes(plan.labelsUrl),
    ]);
    report.imagesBytes = images.byteLength;
    report.labelsBytes = labels.byteLength;
    for (let i = 0; i < plan.rounds; i++) {
      const decoded = await decodeOnce(images, labels);
      report.width = decoded.width;
      report.height = decoded.height;
      report.packedBytes = decoded.packedBytes;
      report.rounds.push(decoded.steps);
      log(`decode ${i + 1}/${plan.rounds}: ${decoded.steps.total} s`);
    }
    const { rounds } = report;
    report.median = {
      total: medianOf(rounds, 'total'),
      bitmap: medianOf(rounds, 'bitmap'),
      toPacked: medianOf(rounds, 'toPacked'),
      encode: medianOf(rounds, 'encode'),
      sha256: medianOf(rounds, 'sha256'),
    };
    report.medianSeconds = report.median.total;
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  return report;
}
