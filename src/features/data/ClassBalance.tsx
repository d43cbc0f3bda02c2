/** How many examples each class has, as bars: an unbalanced dataset shows at a glance. */
import { classCss } from '../palette';

export function ClassBalance({ counts, names }: { counts: number[]; names: string[] }) {
  const most = Math.max(1, ...counts);
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="balance" data-testid="preview.balance">
      <figcaption className="muted">Examples per class</figcaption>
      <ul>
        {counts.map((count, index) => (
          <li key={index}>
            <span className="balance-name">{names[index] ?? index}</span>
            <span className="balance-track">
              <span
                className="balance-bar"
                style={{ width: `${(100 * count) / most}%`, background: classCss(index) }}
              />
            </span>
            <span className="balance-count">
              {count} ({total ? Math.round((100 * count) / total) : 0}%)
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
