/** Lesson 6: batch size, steps per epoch, and noisy steps. */
import type { LockableField } from '../../src/core/experiment/locks';
import { builtin, dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

const layers = [dense(16, 'tanh'), softmax(2)];
const base = { optimizer: 'sgd', learningRate: 0.1, epochs: 12 } as const;
/** Everything but the batch size. */
const locks: LockableField[] = [
  'dataset',
  'model',
  'config.optimizer',
  'config.learningRate',
  'config.epochs',
];

export const batchSize: LessonSource = {
  slug: 'batch-size',
  title: 'Batch size and noise',
  summary:
    'Small batches take many noisy steps per epoch; one big batch takes a single careful one. ' +
    'Compare how far each gets in the same 12 epochs.',
  level: 'intermediate',
  minutes: 10,
  datasets: { circles: builtin('circles', 500, 0.1) },
  cells: [
    markdown(
      'intro',
      'The optimizer does not look at all the training points before each step. It takes a ' +
        '**batch** of them, works out the gradient on that batch alone, and steps. One pass ' +
        'over all 400 training points is an **epoch**, so the batch size decides how many steps ' +
        'an epoch holds: 200 steps with a batch of 2, one step with a batch of 400.',
      'A gradient from 2 points is a rough guess of the gradient on all of them: each step is ' +
        '**noisy**. A gradient from 400 points is accurate, but there is only one per epoch.',
      '**Try this:** press **Train** with a batch size of 2.',
      '**What to look for:** the validation accuracy passes 90% within 12 epochs: 200 small ' +
        'steps per epoch add up, even if each one is a rough guess.',
      '**Then:** set the batch size to 8 and train again. The validation curve now zig-zags, ' +
        'up one epoch and down the next: each step follows the few points it saw, and the ' +
        'learning rate is large enough for those guesses to show.',
    ),
    experiment({
      id: 'small',
      dataset: 'circles',
      layers,
      config: { ...base, batchSize: 2 },
      views: ['curves', 'boundary', 'compare'],
      locks,
    }),
    markdown(
      'large-text',
      'The same model and learning rate with a batch size of 400: every epoch is one step on ' +
        'the exact gradient.',
      '**Try this:** press **Train**.',
      '**What to look for:** the curve is perfectly smooth but hardly moves; after 12 steps ' +
        'the validation accuracy is still below 65%. Each epoch also finishes much faster, ' +
        'since one big batch is cheaper than 200 small ones.',
      '**Then:** try 32 and 100. Which batch size gets furthest in 12 epochs, and which in ' +
        'the same number of seconds?',
    ),
    experiment({
      id: 'large',
      dataset: 'circles',
      layers,
      config: { ...base, batchSize: 400 },
      views: ['curves', 'boundary', 'compare'],
      locks,
    }),
    markdown(
      'summary',
      '**In short:** small batches mean many cheap, noisy steps; large batches mean few ' +
        'accurate, expensive ones. Most training sits in between, with batches of 16 to 256.',
    ),
  ],
  promises: [
    { cellId: 'small', metric: 'validationAccuracy', atLeast: 0.9 },
    { cellId: 'large', metric: 'validationAccuracy', atMost: 0.65 },
  ],
};
