/** Lesson 9: a small character-level transformer writes names, and beats the bigram baseline. */
import type { LayerSpec } from '../../src/core/model/spec';
import type { ShippedDatasetRef } from '../../src/core/data/dataset';
import { dense, embedding, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';
import { loadLessonData } from './train';

/** 2,000 of the 7,900 names (shuffled when shipped, so a fair sample): a quick epoch anywhere. */
const names: ShippedDatasetRef = { kind: 'shipped', name: 'names', limit: 2000 };
const vocabulary = ((): number => {
  const data = loadLessonData(names);
  if (data.task !== 'sequence') throw new Error('The shipped names are not a sequence dataset.');
  return data.numClasses;
})();
const width = 32;

/** One pre-norm transformer block, half the width of the "Transformer (2 layers)" preset's. */
const layers: LayerSpec[] = [
  embedding(vocabulary, width),
  { type: 'positionalEmbedding' },
  {
    type: 'residual',
    layers: [{ type: 'layerNormalization' }, { type: 'causalSelfAttention', heads: 2, keyDim: 16 }],
  },
  {
    type: 'residual',
    layers: [{ type: 'layerNormalization' }, dense(64, 'relu'), dense(width, 'linear')],
  },
  { type: 'layerNormalization' },
  softmax(vocabulary),
];

const config = {
  optimizer: 'adam',
  learningRate: 0.01,
  loss: 'sparseCategoricalCrossentropy',
  batchSize: 64,
  epochs: 4,
  validationSplit: 0.1,
  clipNorm: 1,
} as const;

export const namesModel: LessonSource = {
  slug: 'names-model',
  title: 'A character-level model writes names',
  summary:
    'A small transformer reads first names letter by letter and learns to write new ones. ' +
    'It must beat a model that only looks at the previous letter.',
  level: 'intermediate',
  minutes: 20,
  datasets: { names },
  cells: [
    markdown(
      'intro',
      'These are 2,000 English first names. Each is framed by a boundary token: `<s> e m m a ' +
        '<s>`. A **language model** reads the letters one by one and gives, at each position, a ' +
        'probability for every possible next letter. To write a new name, start from the ' +
        'boundary, draw a letter from those probabilities, feed it back, and stop at the next ' +
        'boundary.',
      'What must it beat? The simplest model, the **bigram**, only counts which letter follows ' +
        'which: after `q` comes `u`, after `<s>` often `a` or `j`. On these names its ' +
        'validation loss is **2.47** (it is the baseline Gradlab shows beside the loss while ' +
        'you train). A model that uses more than the previous letter must do better.',
      'The model is a small **transformer**: an embedding of 32 numbers per letter, a ' +
        'positional embedding, one block of causal self-attention and a small MLP, each ' +
        'added back to its input (the residual blocks), and a softmax over the letters.',
      '**Try this:** press **Train** and watch the generated samples change from epoch to ' +
        'epoch. Type the start of a name in the next-token box to see what the model expects.',
      "**What to look for:** the validation loss falls below the bigram's 2.47 (the loss is " +
        'in nats per letter: lower is better). The first samples are random letters; by the ' +
        'last epoch most of them could be names.',
    ),
    experiment({
      id: 'transformer',
      dataset: 'names',
      layers,
      config,
      views: ['curves', 'samples', 'nextToken', 'attention', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'then',
      '**Then:** raise the temperature of the samples above 1 and they get wilder; lower it ' +
        'towards 0 and every sample becomes the most likely name. Or choose the "Transformer ' +
        '(2 layers)" preset, twice as wide and deep: slower per epoch, and lower in loss.',
      '**In short:** a language model is a next-token predictor. Judge it against the ' +
        'simplest one: beating the bigram means it learnt from more than one letter back.',
    ),
  ],
  promises: [{ kind: 'bigram', cellId: 'transformer', bigramLoss: 2.47 }],
};
