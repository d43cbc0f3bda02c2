/**
 * The curves as a table, for screen readers and for anyone who wants the exact values; rendered
 * only while open, since a long run has thousands of epochs. A sequence run (`perToken`) also has
 * each loss as perplexity and bits per token.
 */
import { useState } from 'react';
import type { EpochRecord } from '../../core/runs/epoch';
import { tokenMetrics } from '../../core/train/token-metrics';

const cell = (value: number | null) =>
  value === null ? '' : Number.isFinite(value) ? value.toPrecision(6) : String(value);

const perTokenCells = (loss: number | null) => {
  const figures = loss === null ? null : tokenMetrics(loss);
  return [cell(figures?.perplexity ?? null), cell(figures?.bitsPerToken ?? null)];
};

export function CurveNumbers({
  history,
  perToken = false,
}: {
  history: readonly EpochRecord[];
  perToken?: boolean;
}) {
  const losses = (point: EpochRecord) =>
    perToken ? [point.trainLoss, point.validationLoss].flatMap(perTokenCells) : [];
  const [open, setOpen] = useState(false);
  return (
    <details
      className="curve-numbers"
      data-testid="chart.numbers"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>The numbers, epoch by epoch</summary>
      {open && (
        <div className="table-scroll">
          <table className="column-table">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                <th scope="col">Train loss</th>
                <th scope="col">Train accuracy</th>
                <th scope="col">Validation loss</th>
                <th scope="col">Validation accuracy</th>
                {perToken && (
                  <>
                    <th scope="col">Train perplexity</th>
                    <th scope="col">Train bits per token</th>
                    <th scope="col">Validation perplexity</th>
                    <th scope="col">Validation bits per token</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {history.map((point) => (
                <tr key={point.epoch} data-testid="chart.row">
                  <th scope="row">{point.epoch}</th>
                  <td>{cell(point.trainLoss)}</td>
                  <td>{cell(point.trainAccuracy)}</td>
                  <td>{cell(point.validationLoss)}</td>
                  <td>{cell(point.validationAccuracy)}</td>
                  {losses(point).map((value, i) => (
                    <td key={i}>{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
