/**
 * What the model expects after the text typed in the box: its likeliest next tokens as bars with
 * their probabilities, read as it learns (the answer is asked again at every epoch end).
 */
import { useCallback, useId, useMemo, useState } from 'react';
import type { Tokenizer } from '../../core/data/dataset';
import { useAppStore } from '../../store';
import { encodeText, tokenLabel, topTokens } from './token-text';
import { useModelAnswer, useModelVersion } from './use-model-answer';

const SHOWN = 10;

export function NextToken({ tokenizer }: { tokenizer: Tokenizer }) {
  const id = useId();
  const [text, setText] = useState('');
  const tokens = useMemo(() => encodeText(tokenizer, text), [tokenizer, text]);
  const version = useModelVersion();
  const ask = useCallback(async () => {
    const answer = await useAppStore.getState().ask({ type: 'nextToken', tokens });
    return answer.ok ? answer.value.probabilities : null;
  }, [tokens]);
  const probabilities = useModelAnswer(ask, `${version}|${tokens.join(',')}`)?.value ?? null;
  const top = probabilities ? topTokens(probabilities, SHOWN) : [];

  return (
    <div data-testid="insights.nextToken">
      <div className="field">
        <label htmlFor={id}>Text so far (the model reads it from the start)</label>
        <input
          id={id}
          type="text"
          value={text}
          maxLength={200}
          spellCheck={false}
          data-testid="insights.nextTokenInput"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {probabilities === null ? (
        <p className="muted">Asking the model…</p>
      ) : top.length === 0 ? (
        <p className="muted">This model does not predict a next token.</p>
      ) : (
        <ol className="token-bars" aria-label="Likeliest next tokens">
          {top.map((token) => {
            const p = probabilities[token] as number;
            const label = tokenLabel(tokenizer, token);
            return (
              <li key={token} aria-label={`${label}: ${(p * 100).toFixed(1)}%`}>
                <span className="token">{label}</span>
                <span className="bar" style={{ width: `${Math.max(0.5, p * 100)}%` }} />
                <span className="share">{(p * 100).toFixed(1)}%</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
