/** Lesson 1: what one neuron can and cannot separate. */
import { builtin, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

const config = { optimizer: 'adam', learningRate: 0.05, batchSize: 16, epochs: 12 } as const;

export const singleNeuron: LessonSource = {
  slug: 'single-neuron',
  title: 'What a single neuron can separate',
  summary:
    'One neuron draws one straight line. See it split two clusters perfectly, then fail on XOR, ' +
    'where no straight line can work.',
  level: 'beginner',
  minutes: 10,
  datasets: { clusters: builtin('gaussian', 300, 0.1, 2), xor: builtin('xor', 300, 0.05) },
  cells: [
    markdown(
      'intro',
      'A neuron takes the two coordinates of a point, $x_1$ and $x_2$, and computes ' +
        '$w_1 x_1 + w_2 x_2 + b$. Where that sum is zero is a **straight line**: points on ' +
        'one side get one class, points on the other side the other class. Training only moves ' +
        'and turns that line.',
      'The model below has no hidden layer at all: its output layer is one neuron per class, ' +
        'which together still draw a single straight line.',
      '**Try this:** press **Train** and watch the decision boundary (the coloured background) ' +
        'swing into place between the two clusters.',
      '**What to look for:** the boundary is always straight, and the validation accuracy ends ' +
        'above 95%. The curves view shows the loss falling smoothly.',
    ),
    experiment({
      id: 'clusters',
      dataset: 'clusters',
      layers: [softmax(2)],
      config,
      views: ['boundary', 'curves', 'weights', 'compare'],
      locks: ['dataset', 'model'],
    }),
    markdown(
      'xor-text',
      'Now the same single neuron on **XOR**: one class sits in the top-right and bottom-left ' +
        'corners, the other in the top-left and bottom-right. Try to draw one straight line ' +
        'that separates them on paper. You cannot.',
      '**Try this:** press **Train** and let it finish.',
      '**What to look for:** the line wanders but never fits, and the validation accuracy stays ' +
        'below 65%, no better than guessing. The loss flattens near 0.69, the loss of a ' +
        'coin flip.',
      '**Then:** add a dense layer of 4 units with the `tanh` activation before the output ' +
        'and train again. Now the model can bend its boundary, and the accuracy climbs above ' +
        '90%. Why that works is the next lesson.',
    ),
    experiment({
      id: 'xor',
      dataset: 'xor',
      layers: [softmax(2)],
      config,
      views: ['boundary', 'curves', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'summary',
      '**In short:** one neuron is a straight line. It is enough when the classes lie on two ' +
        'sides of a line, and hopeless when they do not.',
    ),
  ],
  promises: [
    { cellId: 'clusters', metric: 'validationAccuracy', atLeast: 0.95 },
    { cellId: 'xor', metric: 'validationAccuracy', atMost: 0.65 },
  ],
};
