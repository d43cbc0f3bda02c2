/** Lesson 7: an MLP that sees one position at a time against an LSTM, on reversing letters. */
import type { LockableField } from '../../src/core/experiment/locks';
import {
  dense,
  embedding,
  experiment,
  markdown,
  sequenceTask,
  softmax,
  vocabularyOf,
} from './cells';
import type { LessonSource } from './lesson';

const reverse = sequenceTask('reverse', 1500, 4, 5);
const vocabulary = vocabularyOf(reverse);

/** Small enough for seconds of training, on any backend. */
const config = {
  optimizer: 'adam',
  learningRate: 0.02,
  loss: 'sparseCategoricalCrossentropy',
  batchSize: 64,
  epochs: 10,
  validationSplit: 0.2,
} as const;

/** The data and the training settings: the student changes the model only. */
const locks: LockableField[] = [
  'dataset',
  'config.optimizer',
  'config.learningRate',
  'config.batchSize',
  'config.epochs',
];

export const orderMatters: LessonSource = {
  slug: 'order-matters',
  title: 'Order matters: an MLP against an RNN on reversal',
  summary:
    'Write four letters backwards. A network that sees one letter at a time can only guess; a ' +
    'recurrent network that reads them in order and remembers gets nearly every letter right.',
  level: 'intermediate',
  minutes: 15,
  datasets: { reverse },
  cells: [
    markdown(
      'intro',
      'Each example is four letters from `a` to `e`, a separator, then the same four letters ' +
        'backwards: `b d a e | e a d b`. The model reads the sequence from left to right and, ' +
        'at every position, guesses the **next token**. Only the guesses after the separator ' +
        'count: the first four letters are random, so nobody could predict them.',
      'The first model is an **MLP** applied to each position on its own: an embedding turns ' +
        'the current token into 16 numbers, a hidden layer of 32 neurons reads them, and the ' +
        'output gives a probability for each token. It never sees the other positions.',
      '**Try this:** press **Train**, then look at the per-position accuracy under the curves.',
      '**What to look for:** the validation accuracy of the answer letters stays below 30%, ' +
        'close to the 20% of guessing one letter in five. At the separator the MLP sees only ' +
        'the separator, so it cannot know which letter came last.',
      '**Then:** make the hidden layer 128 neurons wide and train again. More neurons do not ' +
        'help: the information is simply not there.',
    ),
    experiment({
      id: 'mlp',
      dataset: 'reverse',
      layers: [embedding(vocabulary, 16), dense(32, 'relu'), softmax(vocabulary)],
      config,
      views: ['curves', 'tokenAccuracy', 'compare'],
      locks,
    }),
    markdown(
      'lstm-text',
      'The second model swaps the hidden layer for an **LSTM** of 32 units, a recurrent layer. ' +
        'It reads the tokens in order and carries a **hidden state** from one position to the ' +
        'next: a memory of what it has read so far. After the separator it can write the ' +
        'letters back from that memory, last one first.',
      '**Try this:** press **Train** (each step runs through the sequence, so it is slower), ' +
        'then open the hidden-state view and pick an example.',
      '**What to look for:** the validation accuracy climbs above 90%, at least 60 points ' +
        'ahead of the MLP. In the hidden-state heatmap each column is the state after one ' +
        'token (each row one of the 32 units): it changes with every letter read, and after ' +
        'the separator it still holds what the answer needs.',
      '**Then:** replace the LSTM by a `simpleRNN` of the same size, or a `gru`, and compare ' +
        'with the recorded run. The simple RNN has no gates to protect its memory: does it ' +
        'still get there in 10 epochs?',
    ),
    experiment({
      id: 'lstm',
      dataset: 'reverse',
      layers: [
        embedding(vocabulary, 16),
        { type: 'lstm', units: 32, returnSequences: true },
        softmax(vocabulary),
      ],
      config,
      views: ['curves', 'tokenAccuracy', 'hiddenState', 'compare'],
      locks,
    }),
    markdown(
      'summary',
      '**In short:** on sequences, what a token means depends on the tokens around it. A ' +
        'model must be able to see them: a recurrent layer does it by reading in order and ' +
        'remembering.',
    ),
  ],
  promises: [
    { cellId: 'mlp', metric: 'validationAccuracy', atMost: 0.3 },
    { cellId: 'lstm', metric: 'validationAccuracy', atLeast: 0.9 },
    { kind: 'ahead', cellId: 'lstm', metric: 'validationAccuracy', of: 'mlp', by: 0.6 },
  ],
};
