/**
 * Examples made in the page (webcam frames, drawings, points clicked on the plot) as a packed
 * classification dataset, once they prove to be what the capture says: whole examples of its
 * shape, one class each, and classes told apart by name (appending matches classes by name).
 */
import type { PackedDataset } from '../../src/core/data/packed';
import type { DataCommand } from '../../src/core/data-protocol';
import { POINT_FEATURES } from '../../src/core/export/preprocessing-of';
import { InvalidDatasetError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';

type Captured = Extract<DataCommand, { type: 'storeCaptured' }>;

export function capturedToPacked(command: Captured): Result<PackedDataset, InvalidDatasetError> {
  const { kind, inputShape, x, labels, classNames } = command;
  const problem = shapeProblem(command) ?? labelProblem(command);
  if (problem !== null) return err(new InvalidDatasetError(`Nothing was saved: ${problem}.`));
  return ok({
    header: {
      name: command.name,
      kind,
      task: 'classification',
      count: labels.length,
      inputShape: [...inputShape],
      xType: x instanceof Uint8Array ? 'uint8' : 'float32',
      classNames: [...classNames],
      featureNames: kind === 'points' ? [...POINT_FEATURES] : [],
    },
    x,
    y: labels,
  });
}

function shapeProblem({ kind, inputShape, x, labels }: Captured): string | null {
  if (kind === 'image') {
    const [, , channels] = inputShape;
    if (!(x instanceof Uint8Array)) return 'image pixels must come as bytes (0-255)';
    if (inputShape.length !== 3 || (channels !== 1 && channels !== 3)) {
      return `an image is height x width x 1 (gray) or 3 (RGB), not ${inputShape.join(' x ')}`;
    }
  } else {
    if (!(x instanceof Float32Array)) return 'points must come as float32 coordinates';
    if (inputShape.length !== 1 || inputShape[0] !== 2) return 'a point has two coordinates';
    if (!x.every(Number.isFinite)) return 'a point has a coordinate that is not a finite number';
  }
  const per = inputShape.reduce((a, b) => a * b, 1);
  if (x.length !== labels.length * per) {
    return `${labels.length} examples of ${per} values each need ${labels.length * per}, not ${x.length}`;
  }
  return null;
}

function labelProblem({ labels, classNames }: Captured): string | null {
  if (labels.length === 0) return 'there are no examples yet; record or draw some first';
  const twice = classNames.find((name, i) => classNames.indexOf(name) !== i);
  if (twice !== undefined) return `two classes are both named "${twice}"; rename one`;
  const outside = labels.find((label) => label >= classNames.length);
  if (outside !== undefined) {
    return `an example has class ${outside}, but there are only ${classNames.length} classes`;
  }
  return null;
}
