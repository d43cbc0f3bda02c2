/** Lesson 5: a small CNN against an MLP of the same size on handwritten digits. */
import { dense, experiment, markdown, softmax } from './cells';
import type { LessonSource } from './lesson';

/** 800 training digits and 2 epochs: quick on any backend, the cpu one included. */
const config = {
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 2,
  validationSplit: 0.2,
} as const;

export const cnnVsMlp: LessonSource = {
  slug: 'cnn-vs-mlp',
  title: 'A CNN against an MLP on handwritten digits',
  summary:
    'Two models with about 13,000 weights each read 28x28 digits. The one that slides small ' +
    'filters over the image does better than the one that sees a flat list of pixels.',
  level: 'intermediate',
  minutes: 15,
  datasets: { digits: { kind: 'shipped', name: 'mnist-10k', limit: 1000 } },
  cells: [
    markdown(
      'intro',
      'These are 1,000 real handwritten digits from MNIST, 28 by 28 pixels each: 800 to train ' +
        'on, 200 to check.',
      'The first model is an **MLP** (multi-layer perceptron). It flattens each image into a ' +
        'list of 784 numbers and connects every pixel to each of 16 hidden neurons: about 12,700 ' +
        'weights. It has no idea which pixels are neighbours.',
      '**Try this:** press **Train**, then open the confusion matrix and the predictions.',
      '**What to look for:** after 2 epochs the validation accuracy is above 75%. The ' +
        'confusion matrix shows which digits it mixes up.',
    ),
    experiment({
      id: 'mlp',
      dataset: 'digits',
      layers: [{ type: 'flatten' }, dense(16, 'relu'), softmax(10)],
      config,
      views: ['curves', 'confusion', 'predictions', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'cnn-text',
      'The second model is a **CNN** (convolutional neural network). Its first layer has 8 ' +
        'filters of 3 by 3 pixels. Each filter slides over the whole image looking for one small ' +
        'pattern, such as an edge or the end of a stroke, wherever it is. A max-pooling layer ' +
        'then keeps the strongest response in each 2 by 2 patch. With the output layer it has ' +
        'about 13,600 weights, nearly the same as the MLP.',
      '**Try this:** press **Train** (it takes longer: every filter visits every position), ' +
        'then look at the feature maps.',
      '**What to look for:** with the same data and epochs, the validation accuracy ends above ' +
        '80%, ahead of the MLP. The feature maps show each filter lighting up on different ' +
        'strokes. Draw your own digit to test it.',
      '**Then:** give the MLP 64 hidden neurons (about 51,000 weights) and compare again. How ' +
        'many weights does the MLP need to catch up?',
    ),
    experiment({
      id: 'cnn',
      dataset: 'digits',
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
        { type: 'maxPooling2d', poolSize: 2 },
        { type: 'flatten' },
        softmax(10),
      ],
      config,
      views: ['curves', 'confusion', 'featureMaps', 'drawing', 'compare'],
      locks: ['dataset'],
    }),
    markdown(
      'summary',
      '**In short:** a CNN builds in what we know about images (nearby pixels belong together, ' +
        'and a stroke means the same anywhere), so it learns more from the same weights and data.',
    ),
  ],
  promises: [
    { cellId: 'mlp', metric: 'validationAccuracy', atLeast: 0.75 },
    { cellId: 'cnn', metric: 'validationAccuracy', atLeast: 0.8 },
  ],
};
