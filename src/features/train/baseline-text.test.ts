import { describe, expect, it } from 'vitest';
import { baselineSentence, formatValue, inUnits } from './baseline-text';

const quoted = (names: string[]) => (i: number) => `‘${names[i] ?? i}’`;

describe('formatValue and inUnits', () => {
  it('gives three significant digits without exponents for everyday magnitudes', () => {
    expect([12.345, 0.21349, 2456.7, 88.25, 3].map(formatValue)).toEqual([
      '12.3',
      '0.213',
      '2460',
      '88.3',
      '3',
    ]);
  });

  it('names the target column where the data knows it', () => {
    expect(inUnits(2.912, 'mpg')).toBe('2.91 mpg');
    expect(inUnits(0.2, null)).toBe('0.2');
  });
});

describe('baselineSentence', () => {
  it('puts the majority class’s accuracy beside the model’s', () => {
    const sentence = baselineSentence(
      { kind: 'majority', classIndex: 1, accuracy: 0.894, judgedOn: 'validation' },
      { className: quoted(['damage', 'no strike damage']), targetName: null, model: 0.9213 },
    );
    expect(sentence).toBe(
      'Always answering ‘no strike damage’ gets 89.4% of the validation examples right; the model gets 92.1%.',
    );
  });

  it('shows two decimals where one would make different figures look equal', () => {
    const sentence = baselineSentence(
      { kind: 'majority', classIndex: 0, accuracy: 0.8938, judgedOn: 'validation' },
      { className: (i) => `class ${i}`, targetName: null, model: 0.8942 },
    );
    expect(sentence).toContain(
      'gets 89.38% of the validation examples right; the model gets 89.42%',
    );
  });

  it('leaves the model out before it has a figure, and says which examples were scored', () => {
    const sentence = baselineSentence(
      { kind: 'majority', classIndex: 2, accuracy: 0.5, judgedOn: 'training' },
      { className: (i) => `class ${i}`, targetName: null, model: null },
    );
    expect(sentence).toBe('Always answering class 2 gets 50.0% of the training examples right.');
  });

  it('gives the mean’s typical error in the target’s units beside the model’s', () => {
    const sentence = baselineSentence(
      { kind: 'mean', mean: 246.14, error: 88.21, judgedOn: 'validation' },
      { className: String, targetName: 'price_k', model: 12.34 },
    );
    expect(sentence).toBe(
      'Always predicting the training mean, 246 price_k, has a typical error of 88.2 price_k on the validation examples; the model’s is 12.3 price_k.',
    );
  });

  it('gives a sequence run the bigram model’s loss to beat, and the model’s beside it', () => {
    const sentence = baselineSentence(
      { kind: 'bigram', loss: 2.4567, judgedOn: 'validation' },
      { className: (i) => `class ${i}`, targetName: null, model: 2.1234 },
    );
    expect(sentence).toBe(
      'A bigram model: loss 2.46 on the validation examples, guessing each token from the one ' +
        'before it alone; the model’s is 2.12.',
    );
  });
});
