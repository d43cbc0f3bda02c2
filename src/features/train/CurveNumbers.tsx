/**
 * The curves as a table, for screen readers and for anyone who wants the exact values; rendered
 * only while open, since a long run has thousands of epochs.
 */
import { useState } from 'react';
import type { EpochRecord } from '../../core/runs/epoch';

const cell = (value: number | null) =>
  value === null ? '' : Number.isFinite(value) ? value.toPrecision(6) : String(value);

export function CurveNumbers({ history }: { history: readonly EpochRecord[] }) {
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
