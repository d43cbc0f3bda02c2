/**
 * A sweep cell. Everything but the learning rate is locked, and the cell sweeps it over six
 * values: the student runs the sweep, reads where training breaks, and narrows the values. The
 * build trains the sweep too, and holds it to the cliff the text describes.
 */
import { LOCKABLE_FIELDS, type LockableField } from '../../src/core/experiment/locks';
import { builtin, dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

/** Every field a lock can hold but the learning rate. */
const locks: LockableField[] = LOCKABLE_FIELDS.map(({ field }) => field).filter(
  (field) => field !== 'config.learningRate',
);

export const learningRateCliff: LessonSource = {
  slug: 'learning-rate-cliff',
  title: 'Find the learning-rate cliff',
  summary:
    'A sweep trains the same model many times, changing one setting. Sweep the learning rate and ' +
    'find where training falls off a cliff.',
  level: 'beginner',
  minutes: 15,
  datasets: { circles: builtin('circles', 400, 0.05) },
  cells: [
    markdown(
      'intro',
      'The previous lesson tried three learning rates by hand. A **sweep** tries many: it trains ' +
        'the same experiment once for each value and lays the results side by side.',
      'Everything in this experiment is fixed except the learning rate. Its plain SGD optimizer ' +
        'uses the rate exactly as given; with a learning rate of 0.5 it reaches a validation ' +
        'accuracy above 90%.',
      '**Try this:** press **Run sweep**. It trains six runs, with learning rates from 0.03 to ' +
        '10, evenly spaced on a log scale, then **Open the sweep** to see the validation accuracy ' +
        'of each.',
      '**What to look for:** small rates barely learn, middle ones do well, and past some rate ' +
        'the accuracy drops sharply, below 60%, about what guessing gives. That drop is the ' +
        '**cliff**.',
      '**Then:** narrow it down. Change the values to `1..10 x10`, ten rates from 1 to 10, and ' +
        'run the sweep again. Where does it break? Near the edge the results jump about: a rate ' +
        'can fail while a slightly larger one still trains, so a safe choice stays well below ' +
        'the first failure.',
    ),
    experiment({
      id: 'cliff',
      dataset: 'circles',
      layers: [dense(8, 'tanh'), softmax(2)],
      config: { optimizer: 'sgd', batchSize: 16, epochs: 12, learningRate: 0.5 },
      views: ['curves', 'boundary'],
      locks,
      sweep: {
        fields: [
          {
            target: { kind: 'config', field: 'learningRate' },
            values: { kind: 'log', from: 0.03, to: 10, count: 6 },
          },
        ],
        method: { kind: 'grid' },
        maxRuns: 12,
        maxMinutes: null,
        objective: { metric: 'validationAccuracy', goal: 'max' },
      },
    }),
    markdown(
      'summary',
      '**In short:** a sweep answers "which value works?" with evidence instead of guesses. The ' +
        'best learning rate often sits just below the cliff, which is why a sweep over a log ' +
        'range, narrowed where the results change, is how practitioners choose it.',
    ),
  ],
  promises: [
    { cellId: 'cliff', metric: 'validationAccuracy', atLeast: 0.9 },
    { kind: 'cliff', cellId: 'cliff', metric: 'validationAccuracy', atLeast: 0.9, atMost: 0.6 },
  ],
};
