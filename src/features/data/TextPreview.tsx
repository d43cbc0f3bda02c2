/**
 * What text data looks like to the model: a few examples decoded back to text (a toy task's prompt
 * and the answer it must write; a stored text's windows, names or mails with their class), and its
 * vocabulary. Toy tasks are generated here (a few examples, in microseconds); stored text is read
 * by the data worker.
 */
import { useEffect, useMemo, useState } from 'react';
import { BOUNDARY_ID, PAD_ID, type SequenceTaskRef, type Tokenizer } from '../../core/data/dataset';
import { SEQUENCE_LIMITS, generateSequenceTask } from '../../core/data/sequence-tasks';
import { decode } from '../../core/data/tokenizer';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { counted } from '../../core/plural';
import { ExampleActions } from '../annotate/ExampleActions';
import type { AnnotateTarget } from '../annotate/use-annotation';
import { requestData } from './data-client';

const SHOWN = 6;

const TOKENIZER_NAMES: Record<Tokenizer['kind'], string> = {
  char: 'character tokenizer',
  word: 'word tokenizer',
};

export function describeVocabulary(tokenizer: Tokenizer): string {
  return `${counted(tokenizer.vocab.length, 'token')} in the vocabulary (${TOKENIZER_NAMES[tokenizer.kind]})`;
}

interface Example {
  text: string;
  /** The answer a toy task must write, or a text's class. */
  answer: string | null;
  /** A stored classification example's class index, to annotate it. */
  label?: number;
}

function ExampleList({
  tokenizer,
  examples,
  annotate = null,
}: {
  tokenizer: Tokenizer;
  examples: Example[];
  annotate?: AnnotateTarget | null;
}) {
  return (
    <div className="text-preview">
      <p className="muted" data-testid="dataset.vocabulary">
        {describeVocabulary(tokenizer)}
      </p>
      <ol className="text-examples">
        {examples.map((example, i) => (
          <li key={i} data-testid="dataset.example">
            <code>{example.text}</code>
            {example.answer !== null && (
              <>
                {' → '}
                <code className="answer">{example.answer}</code>
              </>
            )}
            {annotate && example.label !== undefined && (
              <ExampleActions target={annotate} index={i} label={example.label} />
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A toy task's first examples: the prompt, and the answer the model must write. */
export function SequenceTaskPreview({ dataset }: { dataset: SequenceTaskRef }) {
  const shown = useMemo(() => {
    // Examples are drawn in order from one stream, so fewer of them are the same first ones.
    const size = Math.max(SEQUENCE_LIMITS.minSize, Math.min(dataset.params.size, SHOWN));
    const made = generateSequenceTask({ ...dataset, params: { ...dataset.params, size } });
    if (!made.ok) return { error: made.error.message } as const;
    const data = made.value;
    const T = data.inputShape[0] ?? 0;
    const examples = Array.from({ length: Math.min(SHOWN, data.n) }, (_, row) => {
      const x = Array.from(data.x.subarray(row * T, (row + 1) * T));
      const targets = Array.from(data.targets.subarray(row * T, (row + 1) * T));
      const prompt = x.slice(0, x.indexOf(BOUNDARY_ID));
      const answer = targets.filter((id) => id !== PAD_ID);
      return { text: decode(data.tokenizer, prompt), answer: decode(data.tokenizer, answer) };
    });
    return { tokenizer: data.tokenizer, examples } as const;
  }, [dataset]);
  return (
    <div className="dataset-preview" data-testid="dataset.preview">
      {'error' in shown ? (
        <p className="error" role="alert">
          {shown.error}
        </p>
      ) : (
        <ExampleList tokenizer={shown.tokenizer} examples={shown.examples} />
      )}
    </div>
  );
}

/** A stored text dataset's first examples (rows 0 on), read by the data worker. */
export function StoredTextExamples({
  record,
  annotate = null,
}: {
  record: StoredDataset;
  annotate?: AnnotateTarget | null;
}) {
  const [state, setState] = useState<{ sha: string; examples: Example[] | string } | null>(null);
  const { header, sha256 } = record;
  useEffect(() => {
    const job = requestData({ type: 'sample', sha256, count: SHOWN });
    let live = true;
    void job.done.then((answer) => {
      if (!live) return;
      if (!answer.ok) {
        setState({ sha: sha256, examples: answer.error.message });
        return;
      }
      const { sample } = answer.value;
      const { tokenizer, inputShape, classNames } = sample.header;
      if (tokenizer === undefined) return;
      const T = inputShape[0] ?? 0;
      const rows = Math.floor(sample.x.length / Math.max(1, T));
      const examples = Array.from({ length: rows }, (_, row) => ({
        text: decode(tokenizer, sample.x.subarray(row * T, (row + 1) * T)),
        answer:
          sample.header.task === 'classification'
            ? (classNames[sample.labels[row] ?? 0] ?? null)
            : null,
        ...(sample.header.task === 'classification' ? { label: sample.labels[row] ?? 0 } : {}),
      }));
      setState({ sha: sha256, examples });
    });
    return () => {
      live = false;
    };
  }, [sha256]);
  const { tokenizer } = header;
  if (tokenizer === undefined) return null;
  const current = state?.sha === sha256 ? state.examples : null;
  if (typeof current === 'string') {
    return (
      <p className="error" role="alert">
        {current}
      </p>
    );
  }
  return current === null ? (
    <p className="muted">Loading examples…</p>
  ) : (
    <ExampleList tokenizer={tokenizer} examples={current} annotate={annotate} />
  );
}
