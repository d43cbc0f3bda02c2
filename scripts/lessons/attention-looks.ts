/** Lesson 8: a small attention model learns where to look, on copying and reversing letters. */
import type { LayerSpec } from '../../src/core/model/spec';
import { embedding, experiment, markdown, sequenceTask, softmax, vocabularyOf } from './cells';
import type { LessonSource } from './lesson';

const copy = sequenceTask('copy', 1500, 5, 6);
const reverse = sequenceTask('reverse', 1500, 5, 6);
const vocabulary = vocabularyOf(copy);

/**
 * One attention layer and nothing else that could carry a letter from one position to another:
 * whatever the model gets right, it got by looking at the right place.
 */
const layers: LayerSpec[] = [
  embedding(vocabulary, 32),
  { type: 'positionalEmbedding' },
  { type: 'causalSelfAttention', heads: 2, keyDim: 16 },
  softmax(vocabulary),
];

const config = {
  optimizer: 'adam',
  learningRate: 0.01,
  loss: 'sparseCategoricalCrossentropy',
  batchSize: 64,
  epochs: 8,
  validationSplit: 0.2,
} as const;

export const attentionLooks: LessonSource = {
  slug: 'attention-looks',
  title: 'Attention learns where to look',
  summary:
    'A model with one attention layer learns to copy and to reverse letters. Its attention ' +
    'heatmap shows where each answer letter looks: a diagonal for copying, the other ' +
    'diagonal for reversing.',
  level: 'intermediate',
  minutes: 20,
  datasets: { copy, reverse },
  cells: [
    markdown(
      'intro',
      'Each example is five letters, a separator, then the same five letters: `c a f b a | c a ' +
        'f b a`. The model predicts each next token, and only the answer after the separator ' +
        'counts.',
      'The model has one **self-attention** layer. At every position it asks a question (the ' +
        '_query_), compares it with what every earlier position offers (the _keys_), and takes ' +
        'a weighted mix of their contents (the _values_). The weights sum to 1: they say ' +
        '**where the position looks**. It may only look back, never ahead. The positional ' +
        'embedding adds to each token a learned vector for its place, so the model knows where ' +
        'each letter sits.',
      '**Try this:** press **Train**, then open the attention heatmap. Each row is a position ' +
        'that looks, each column a position it looks at; the stronger the colour, the more weight.',
      '**What to look for:** the validation accuracy ends above 95%. In the rows of the answer ' +
        'the weight gathers on one letter of the prompt: the first answer letter looks at the ' +
        'first prompt letter, the second at the second, a **diagonal**. One head puts at least ' +
        '80% of its weight there on average. Switch heads with the head selector: the two ' +
        'heads may share the work differently.',
    ),
    experiment({
      id: 'copy',
      dataset: 'copy',
      layers,
      config,
      views: ['curves', 'tokenAccuracy', 'attention', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'reverse-text',
      'Now the same model on **reversing**: `c a f b a | a b f a c`. The letters are the ' +
        'same, only where to find them changed.',
      '**Try this:** press **Train** and open the attention heatmap again.',
      '**What to look for:** the accuracy again ends above 95%, and the weight now runs the ' +
        'other way: the first answer letter looks at the last prompt letter, an ' +
        '**anti-diagonal**. Again a head puts at least 80% of its weight on the letter it must ' +
        'write.',
      '**Then:** remove the positional embedding and train again. Without it every earlier ' +
        'letter looks alike to the attention, wherever it sits, and it can no longer find ' +
        'the one it needs: the accuracy falls far below.',
    ),
    experiment({
      id: 'reverse',
      dataset: 'reverse',
      layers,
      config,
      views: ['curves', 'tokenAccuracy', 'attention', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'summary',
      '**In short:** attention lets every position pick, by content and place, which earlier ' +
        'positions to read from. What it learnt to pick is there to see in its weights.',
    ),
  ],
  promises: [
    { cellId: 'copy', metric: 'validationAccuracy', atLeast: 0.95 },
    { kind: 'attention', cellId: 'copy', task: 'copy', atLeast: 0.8 },
    { cellId: 'reverse', metric: 'validationAccuracy', atLeast: 0.95 },
    { kind: 'attention', cellId: 'reverse', task: 'reverse', atLeast: 0.8 },
  ],
};
