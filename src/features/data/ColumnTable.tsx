/** A table's columns with their inferred types and summary statistics. */
import type { ColumnInfo } from '../../core/data/stored-dataset';

const round = (value: number | undefined) =>
  value === undefined ? '' : Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3);

export function ColumnTable({ columns, target }: { columns: ColumnInfo[]; target?: string }) {
  return (
    <div className="table-scroll">
      <table className="column-table" data-testid="preview.columns">
        <caption className="muted">Columns</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Missing</th>
            <th scope="col">Distinct</th>
            <th scope="col">Min</th>
            <th scope="col">Mean</th>
            <th scope="col">Max</th>
            <th scope="col">Std</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <tr key={column.name}>
              <th scope="row">
                {column.name}
                {column.name === target && <span className="badge">target</span>}
              </th>
              <td>{column.type}</td>
              <td>{column.missing}</td>
              <td>{column.distinct}</td>
              <td>{round(column.min)}</td>
              <td>{round(column.mean)}</td>
              <td>{round(column.max)}</td>
              <td>{round(column.std)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
