import { describe, expect, it } from 'vitest';
import { BOUNDARY_ID, PAD_ID, SEQUENCE_TASKS, type SequenceTaskRef } from './dataset';
import { sequenceInfo } from './info';
import {
  defaultSequenceRef,
  generateSequenceTask,
  isBalanced,
  sequenceShape,
  validateSequenceRef,
} from './sequence-tasks';
import { decode } from './tokenizer';

const made = (ref: SequenceTaskRef) => {
  const result = generateSequenceTask(ref);
  if (!result.ok) throw result.error;
  return result.value;
};

const generated = new Map<string, ReturnType<typeof made>>();

/** Example `row` as prompt and answer text, the answer read from the targets only. */
function example(ref: SequenceTaskRef, row: number): { prompt: string; answer: string } {
  const key = JSON.stringify(ref);
  const data = generated.get(key) ?? made(ref);
  generated.set(key, data);
  const T = data.inputShape[0] as number;
  const x = Array.from(data.x.subarray(row * T, (row + 1) * T));
  const targets = Array.from(data.targets.subarray(row * T, (row + 1) * T));
  const boundary = x.indexOf(BOUNDARY_ID);
  return {
    prompt: decode(data.tokenizer, x.slice(0, boundary)),
    answer: decode(
      data.tokenizer,
      targets.filter((id) => id !== PAD_ID),
    ),
  };
}

const withParams = (task: SequenceTaskRef['task'], params: Partial<SequenceTaskRef['params']>) => {
  const ref = defaultSequenceRef(task, 7);
  return { ...ref, params: { ...ref.params, ...params } };
};

describe('toy sequence tasks', () => {
  it.each(SEQUENCE_TASKS)('%s is the same for the same seed and differs for another', (task) => {
    const ref = defaultSequenceRef(task, 3);
    expect(made(ref)).toEqual(made({ ...ref }));
    expect(Array.from(made({ ...ref, seed: 4 }).x)).not.toEqual(Array.from(made(ref).x));
  });

  it.each(SEQUENCE_TASKS)('%s frames next-token prediction with the prompt masked', (task) => {
    const ref = defaultSequenceRef(task, 1);
    const data = made(ref);
    const T = data.inputShape[0] as number;
    const { prompt, answer } = sequenceShape(task, ref.params.length);
    expect(T).toBe(prompt + answer);
    expect(data.numClasses).toBe(data.tokenizer.vocab.length);
    expect(sequenceInfo(ref)).toMatchObject({
      kind: 'text',
      task: 'sequence',
      inputShape: [T],
      numClasses: data.numClasses,
      n: ref.params.size,
      tokenizer: data.tokenizer,
    });
    for (let row = 0; row < 20; row++) {
      const x = data.x.subarray(row * T, (row + 1) * T);
      const targets = data.targets.subarray(row * T, (row + 1) * T);
      expect(x[prompt]).toBe(BOUNDARY_ID);
      for (let t = 0; t < T; t++) {
        if (t < prompt) expect(targets[t]).toBe(PAD_ID);
        // The target at t is the input at t + 1.
        else if (t + 1 < T) expect(targets[t]).toBe(x[t + 1]);
        else expect(targets[t]).not.toBe(PAD_ID);
      }
    }
  });

  it('copy, reverse and sort write what they say', () => {
    for (let row = 0; row < 30; row++) {
      const copy = example(withParams('copy', { length: 5 }), row);
      expect(copy.answer).toBe(copy.prompt);
      const reverse = example(withParams('reverse', { length: 5 }), row);
      expect(reverse.answer).toBe([...reverse.prompt].reverse().join(''));
      const sort = example(withParams('sort', { length: 5 }), row);
      expect(sort.answer).toBe([...sort.prompt].sort().join(''));
    }
    expect(example(withParams('reverse', { vocab: 3 }), 0).prompt).toMatch(/^[abc]{6}$/);
  });

  it('addition writes the sum, parity the parity, brackets whether they balance', () => {
    let balanced = 0;
    for (let row = 0; row < 200; row++) {
      const sum = example(withParams('addition', { length: 4 }), row);
      const [a, b] = sum.prompt.split('+');
      expect(Number(sum.answer)).toBe(Number(a) + Number(b));
      expect(sum.answer).toHaveLength(5);
      const parity = example(withParams('parity', { length: 9 }), row);
      expect(parity.answer).toBe(
        String([...parity.prompt].filter((bit) => bit === '1').length % 2),
      );
      const brackets = example(withParams('brackets', { length: 6 }), row);
      const ids = [...brackets.prompt].map((b) => (b === '(' ? 0 : 1));
      expect(brackets.answer).toBe(isBalanced(ids) ? '1' : '0');
      expect(ids.filter((b) => b === 0)).toHaveLength(3);
      if (brackets.answer === '1') balanced++;
    }
    expect(balanced).toBeGreaterThan(70);
    expect(balanced).toBeLessThan(130);
  });

  it('refuses impossible params with messages that say what fits', () => {
    const refuse = (ref: unknown) => {
      const checked = validateSequenceRef(ref);
      return checked.ok ? null : checked.error.message;
    };
    expect(refuse(defaultSequenceRef('reverse'))).toBeNull();
    expect(refuse(withParams('reverse', { length: 0 }))).toMatch(/length must be .* 1 to 64/);
    expect(refuse(withParams('reverse', { length: 65 }))).toMatch(/1 to 64/);
    expect(refuse(withParams('copy', { vocab: 27 }))).toMatch(/2 to 26/);
    expect(refuse(withParams('parity', { vocab: 3 }))).toMatch(/its vocabulary is 2/);
    expect(refuse(withParams('brackets', { length: 7 }))).toMatch(/even/);
    expect(refuse(withParams('addition', { length: 21 }))).toMatch(/digits per number/);
    expect(refuse(withParams('copy', { size: 50_000, length: 64 }))).toMatch(/at most 2000000/);
    expect(refuse({ ...defaultSequenceRef('copy'), task: 'shuffle' })).toMatch(/no toy task/);
    expect(refuse({ ...defaultSequenceRef('copy'), seed: 'x' })).toMatch(/seed/);
  });
});
