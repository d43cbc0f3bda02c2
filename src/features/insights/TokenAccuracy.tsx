/**
 * How a toy-task model does on the validation answers, token by token: its accuracy at each answer
 * position (reversal is often right on the first answer token long before the last), and which
 * token it wrote for which it should have.
 */
import type { Tokenizer } from '../../core/data/dataset';
import type { TokenInsights } from '../../core/protocol';
import { answerPositions, answerTokens } from '../../core/train/answer-accuracy';
import { counted } from '../../core/plural';
import { tokenLabel } from './token-text';

interface Props {
  tokens: TokenInsights;
  tokenizer: Tokenizer;
}

export function TokenAccuracy({ tokens, tokenizer }: Props) {
  const positions = answerPositions(tokens);
  const answers = answerTokens(tokens);
  const { confusion, vocabSize } = tokens;
  const peak = Math.max(1, ...confusion);
  const label = (id: number) => tokenLabel(tokenizer, id);
  return (
    <div data-testid="insights.tokenAccuracy">
      <ol className="token-bars" aria-label="Accuracy per answer position">
        {positions.map(({ position, accuracy, count }, i) => (
          <li
            key={position}
            aria-label={`answer token ${i + 1} (position ${position + 1}): ${(accuracy * 100).toFixed(0)}% right of ${counted(count, 'answer')}`}
          >
            <span className="token">#{i + 1}</span>
            <span className="bar" style={{ width: `${Math.max(0.5, accuracy * 100)}%` }} />
            <span className="share">{(accuracy * 100).toFixed(0)}%</span>
          </li>
        ))}
      </ol>
      <div className="confusion confusion-scroll">
        <table>
          <caption className="muted">
            Rows: the token the answer needed; columns: the token the model wrote.
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">needed \ wrote</span>
              </th>
              {answers.map((p) => (
                <th key={p} scope="col">
                  {label(p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answers.map((a) => (
              <tr key={a}>
                <th scope="row">{label(a)}</th>
                {answers.map((p) => {
                  const count = confusion[a * vocabSize + p] ?? 0;
                  const share = Math.round((count / peak) * 85);
                  const colour = a === p ? 'var(--accent)' : 'var(--danger)';
                  return (
                    <td
                      key={p}
                      className="confusion-cell"
                      aria-label={`needed ${label(a)}, wrote ${label(p)}: ${count}`}
                      style={{
                        background: `color-mix(in srgb, ${colour} ${share}%, transparent)`,
                        color: share > 45 ? 'var(--accent-text)' : undefined,
                      }}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
