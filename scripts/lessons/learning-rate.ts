/** Lesson 3: the learning rate, too small, about right and too large. */
import { builtin, dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';
import type { LockableField } from '../../src/core/experiment/locks';

const layers = [dense(8, 'tanh'), softmax(2)];
const base = { optimizer: 'sgd', batchSize: 16, epochs: 12 } as const;
/** Everything but the learning rate: it is the only thing this lesson changes. */
const locks: LockableField[] = [
  'dataset',
  'model',
  'config.optimizer',
  'config.batchSize',
  'config.epochs',
];
const views = ['curves', 'boundary', 'compare'] as const;

export const learningRate: LessonSource = {
  slug: 'learning-rate',
  title: 'Learning rate: too small, too large',
  summary:
    'The learning rate is the size of each step downhill. Too small and nothing happens; too ' +
    'large and training jumps past the valley or breaks.',
  level: 'beginner',
  minutes: 10,
  datasets: { circles: builtin('circles', 400, 0.05) },
  cells: [
    markdown(
      'intro',
      'Training lowers the loss step by step. At each step the optimizer works out which way ' +
        'is downhill (the gradient) and moves the weights that way. The **learning rate** is ' +
        'the length of that step: $w \\leftarrow w - \\eta \\, \\nabla L$, with $\\eta$ the ' +
        'learning rate.',
      'The three experiments below are identical except for that one number. The optimizer is ' +
        'plain SGD, which uses the learning rate exactly as given.',
      '**Try this:** train this one, with a learning rate of 0.01.',
      '**What to look for:** the loss curve is almost flat and the validation accuracy stays ' +
        'below 75%. The steps are so small that 12 epochs barely move the weights.',
    ),
    experiment({
      id: 'tiny',
      dataset: 'circles',
      layers,
      config: { ...base, learningRate: 0.01 },
      views: [...views],
      locks,
    }),
    markdown(
      'good-text',
      'Now a learning rate of 0.5, fifty times larger.',
      '**Try this:** press **Train**.',
      '**What to look for:** the loss drops steadily, the boundary closes into a ring around ' +
        'the inner circle, and the validation accuracy ends above 90%.',
    ),
    experiment({
      id: 'good',
      dataset: 'circles',
      layers,
      config: { ...base, learningRate: 0.5 },
      views: [...views],
      locks,
    }),
    markdown(
      'huge-text',
      'Finally a learning rate of 3. Each step is now so long that it jumps right over the ' +
        'valley it was heading for.',
      '**Try this:** press **Train**.',
      '**What to look for:** the loss goes **up**, not down, and then freezes. The huge steps ' +
        'made the model completely sure of its answers, right for about half of the points ' +
        'and wrong for the rest, and a model that sure gets no gradient to learn from. The ' +
        'validation accuracy stays below 65%.',
      '**Then:** try 1 and 2 in this cell. Somewhere in between, training still works but the ' +
        'loss curve zig-zags on its way down. Where does it start to break?',
    ),
    experiment({
      id: 'huge',
      dataset: 'circles',
      layers,
      config: { ...base, learningRate: 3 },
      views: [...views],
      locks,
    }),
    markdown(
      'summary',
      '**In short:** a good learning rate is large enough to make progress and small enough ' +
        'not to overshoot. When a curve is flat, raise it; when it jumps or explodes, lower it.',
    ),
  ],
  promises: [
    { cellId: 'tiny', metric: 'validationAccuracy', atMost: 0.75 },
    { cellId: 'good', metric: 'validationAccuracy', atLeast: 0.9 },
    { cellId: 'huge', metric: 'validationAccuracy', atMost: 0.65 },
  ],
};
