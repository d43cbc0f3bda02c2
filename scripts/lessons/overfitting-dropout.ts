/** Lesson 4: overfitting, the validation set, and dropout. */
import { builtin, dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

/** Batches of 2 give a big model many steps on few points: room to memorise them. */
const config = {
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 2,
  epochs: 20,
  validationSplit: 0.5,
} as const;

export const overfittingDropout: LessonSource = {
  slug: 'overfitting-dropout',
  title: 'Overfitting, validation and dropout',
  summary:
    'A big network on 30 noisy points learns them by heart and fails on new ones. The ' +
    'validation set shows it; dropout pushes back.',
  level: 'intermediate',
  minutes: 15,
  datasets: { circles: builtin('circles', 60, 0.2) },
  cells: [
    markdown(
      'intro',
      'A model is only useful on points it has **not** seen. So Gradlab holds some points back: ' +
        'with a validation split of 0.5, half of these 60 noisy points are used for training ' +
        'and the other half only for checking. The training accuracy says how well the model ' +
        'fits what it studied; the **validation accuracy** says how well it will do on new data.',
      'This model is far too big for 30 points: two hidden layers of 128 neurons, over 17,000 ' +
        'weights.',
      '**Try this:** press **Train**, then look at both curves.',
      '**What to look for:** the training accuracy climbs above 90% while the validation ' +
        'accuracy stays below 80%. The boundary grows little islands around single noisy ' +
        'points: the model memorised the noise. That gap between the curves is **overfitting**.',
    ),
    experiment({
      id: 'overfit',
      dataset: 'circles',
      layers: [dense(128, 'relu'), dense(128, 'relu'), softmax(2)],
      config,
      views: ['boundary', 'curves', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'dropout-text',
      'Same model, same data, with a **dropout** layer after each hidden layer. During ' +
        'training, dropout switches off a random half of the neurons at every step, so no ' +
        'single neuron can hold on to one noisy point. When the model is checked or used, ' +
        'all neurons work again.',
      '**Try this:** press **Train** and compare the two curves with the run above.',
      '**What to look for:** the training accuracy is lower and bumpier (the model is trained ' +
        'with half its neurons missing), the boundary is a smoother ring, and the validation ' +
        'accuracy ends above 75%, close to the training accuracy.',
      '**Then:** change the seed in the settings and train both experiments again. With only 30 ' +
        'validation points the numbers move a lot from seed to seed; that is why a validation ' +
        'set should be as large as you can afford.',
    ),
    experiment({
      id: 'dropout',
      dataset: 'circles',
      layers: [
        dense(128, 'relu'),
        { type: 'dropout', rate: 0.5 },
        dense(128, 'relu'),
        { type: 'dropout', rate: 0.5 },
        softmax(2),
      ],
      config,
      views: ['boundary', 'curves', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'summary',
      '**In short:** judge a model by its validation curve, not its training curve. A growing ' +
        'gap between them means overfitting; more data, a smaller model or dropout all help.',
    ),
  ],
  promises: [
    { cellId: 'overfit', metric: 'trainAccuracy', atLeast: 0.9 },
    { cellId: 'overfit', metric: 'validationAccuracy', atMost: 0.8 },
    { cellId: 'dropout', metric: 'validationAccuracy', atLeast: 0.75 },
  ],
};
