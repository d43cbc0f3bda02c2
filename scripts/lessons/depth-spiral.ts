/** Lesson 2: depth and non-linearity on the spiral. */
import { builtin, dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

const config = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 15 } as const;

export const depthSpiral: LessonSource = {
  slug: 'depth-spiral',
  title: 'Depth and non-linearity on the spiral',
  summary:
    'Two arms of a spiral wound into each other. A straight line gets nowhere; hidden layers ' +
    'with a non-linear activation untangle them.',
  level: 'beginner',
  minutes: 15,
  datasets: { spiral: builtin('spiral', 1000, 0.03) },
  cells: [
    markdown(
      'intro',
      'The spiral has two classes that wind around each other one and three-quarter times. ' +
        'No straight line separates them.',
      'The first model is a single layer: one straight boundary, as in the previous lesson.',
      '**Try this:** press **Train**.',
      '**What to look for:** the boundary cuts the plane in two and the validation accuracy ' +
        'stays below 70%; more epochs barely change that.',
    ),
    experiment({
      id: 'shallow',
      dataset: 'spiral',
      layers: [softmax(2)],
      config,
      views: ['boundary', 'curves', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'deep-text',
      'This model adds **two hidden layers** of 32 neurons with the `relu` activation, ' +
        '$\\mathrm{relu}(z) = \\max(0, z)$. Each hidden neuron still draws a line, but relu ' +
        'bends its output at that line, and the next layer combines the bent pieces into curves.',
      '**Try this:** press **Train** and watch the boundary grow around the arms.',
      '**What to look for:** the boundary starts as a rough blob and curls along the spiral; ' +
        'the validation accuracy ends above 90%.',
      '**Then:** change both hidden activations to `linear` and train again. Stacked linear ' +
        'layers are still one straight line, so the accuracy falls back to where the single ' +
        'layer was. Depth alone is not enough: the non-linearity does the bending.',
    ),
    experiment({
      id: 'deep',
      dataset: 'spiral',
      layers: [dense(32, 'relu'), dense(32, 'relu'), softmax(2)],
      config,
      views: ['boundary', 'curves', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'summary',
      '**In short:** hidden layers with a non-linear activation let a network draw curved ' +
        'boundaries. Without the non-linearity, any number of layers is one straight line.',
    ),
  ],
  promises: [
    { cellId: 'shallow', metric: 'validationAccuracy', atMost: 0.7 },
    { cellId: 'deep', metric: 'validationAccuracy', atLeast: 0.9 },
  ],
};
