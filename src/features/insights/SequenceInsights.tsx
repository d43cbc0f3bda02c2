/** The views of a model of token ids that suit it, each under its heading, in the given order. */
import type { Tokenizer } from '../../core/data/dataset';
import type { NotebookView } from '../../core/experiment/views';
import type { TokenInsights } from '../../core/protocol';
import { AttentionMaps } from './AttentionMaps';
import { HiddenState } from './HiddenState';
import { NextToken } from './NextToken';
import { Samples } from './Samples';
import { TokenAccuracy } from './TokenAccuracy';

interface Props {
  views: readonly NotebookView[];
  tokenizer: Tokenizer;
  /** Examples in the dataset, for the example steppers. */
  rows: number;
  tokens: TokenInsights | null;
}

export function SequenceInsights({ views, tokenizer, rows, tokens }: Props) {
  return views.map((view) => {
    switch (view) {
      case 'samples':
        return (
          <Section key={view} title="Text the model writes">
            <Samples tokenizer={tokenizer} />
          </Section>
        );
      case 'nextToken':
        return (
          <Section key={view} title="What comes next?">
            <NextToken tokenizer={tokenizer} />
          </Section>
        );
      case 'tokenAccuracy':
        return (
          <Section key={view} title="Answers token by token">
            {tokens ? (
              <TokenAccuracy tokens={tokens} tokenizer={tokenizer} />
            ) : (
              <p className="muted">
                Appears after the first epoch of training, from the validation split.
              </p>
            )}
          </Section>
        );
      case 'attention':
        return (
          <Section key={view} title="Where attention looks">
            <AttentionMaps tokenizer={tokenizer} rows={rows} />
          </Section>
        );
      case 'hiddenState':
        return (
          <Section key={view} title="Hidden state over the sequence">
            <HiddenState tokenizer={tokenizer} rows={rows} />
          </Section>
        );
      default:
        return null;
    }
  });
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="insight-section">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
