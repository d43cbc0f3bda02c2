/**
 * The brushes of the parallel coordinates in words and as controls: each active one with a button
 * that clears it, and per axis a range to type (numbers) or names to tick, for the keyboard.
 */
import { useId, useRef } from 'react';
import type { AxisFilter, ParallelColumn, ParallelFilters } from '../../core/chart/parallel';
import { formatAxisValue, type ValueAxis } from '../../core/chart/value-axis';
import { describeFilter } from './sweep-table';

export interface FilterPanelProps {
  columns: readonly ParallelColumn[];
  axes: readonly ValueAxis[];
  filters: ParallelFilters;
  onFilter(key: string, filter: AxisFilter | null): void;
}

/** A typed bound: a number, or null for none (the axis's end). */
function bound(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function RangeInputs({
  column,
  axis,
  filter,
  onFilter,
}: {
  column: ParallelColumn;
  axis: ValueAxis;
  filter: AxisFilter | undefined;
  onFilter: FilterPanelProps['onFilter'];
}) {
  const id = useId();
  const minRef = useRef<HTMLInputElement>(null);
  const maxRef = useRef<HTMLInputElement>(null);
  const range = filter?.kind === 'range' ? filter : null;
  /** A typed end, or the filter's own where the text is as shown (it shows rounded values). */
  const end = (input: HTMLInputElement | null, own: number | undefined): number | null =>
    input === null || (input.value === input.defaultValue && own !== undefined)
      ? (own ?? null)
      : bound(input.value);
  const commit = () => {
    const lo = end(minRef.current, range?.min);
    const hi = end(maxRef.current, range?.max);
    if (lo === null && hi === null) {
      if (range) onFilter(column.key, null);
      return;
    }
    const min = lo ?? Math.min(axis.min, hi ?? axis.min);
    const max = hi ?? Math.max(axis.max, lo ?? axis.max);
    if (range?.min !== min || range.max !== max) onFilter(column.key, { kind: 'range', min, max });
  };
  const input = (side: 'min' | 'max') => (
    <input
      id={`${id}-${side}`}
      ref={side === 'min' ? minRef : maxRef}
      type="text"
      inputMode="decimal"
      placeholder={formatAxisValue(side === 'min' ? axis.min : axis.max)}
      defaultValue={range ? formatAxisValue(range[side]) : ''}
      data-testid={side === 'min' ? 'sweep.filterMin' : 'sweep.filterMax'}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
      onBlur={commit}
    />
  );
  return (
    // Keyed on the filter, so a drag on the chart shows its new ends here.
    <fieldset className="sweep-filter-range" key={range ? `${range.min}:${range.max}` : 'none'}>
      <legend>{column.label}</legend>
      <label htmlFor={`${id}-min`}>from</label>
      {input('min')}
      <label htmlFor={`${id}-max`}>to</label>
      {input('max')}
    </fieldset>
  );
}

function NameChecks({
  column,
  axis,
  filter,
  onFilter,
}: {
  column: ParallelColumn;
  axis: ValueAxis;
  filter: AxisFilter | undefined;
  onFilter: FilterPanelProps['onFilter'];
}) {
  const kept = filter?.kind === 'set' ? filter.values : axis.categories;
  const toggle = (name: string) => {
    const next = kept.includes(name) ? kept.filter((n) => n !== name) : [...kept, name];
    const all = axis.categories.every((n) => next.includes(n));
    onFilter(
      column.key,
      all ? null : { kind: 'set', values: axis.categories.filter((n) => next.includes(n)) },
    );
  };
  return (
    <fieldset className="sweep-filter-names">
      <legend>{column.label}</legend>
      {axis.categories.map((name) => (
        <label key={name} className="inline-check">
          <input type="checkbox" checked={kept.includes(name)} onChange={() => toggle(name)} />{' '}
          {name}
        </label>
      ))}
    </fieldset>
  );
}

export function FilterPanel({ columns, axes, filters, onFilter }: FilterPanelProps) {
  const active = columns.flatMap((column) => {
    const filter = filters[column.key];
    return filter ? [{ column, filter }] : [];
  });
  return (
    <div className="sweep-filters">
      {active.length > 0 && (
        <ul className="sweep-filter-chips" aria-label="Filters">
          {active.map(({ column, filter }) => (
            <li key={column.key} data-testid="sweep.filter" data-key={column.key}>
              {column.label}: {describeFilter(filter, formatAxisValue)}
              <button
                type="button"
                className="link"
                aria-label={`Clear the filter on ${column.label}`}
                onClick={() => onFilter(column.key, null)}
              >
                clear
              </button>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Filter by typing ranges</summary>
        <form className="sweep-filter-form" onSubmit={(e) => e.preventDefault()}>
          {columns.map((column, i) => {
            const axis = axes[i];
            if (!axis) return null;
            const Control = axis.kind === 'category' ? NameChecks : RangeInputs;
            return (
              <Control
                key={column.key}
                column={column}
                axis={axis}
                filter={filters[column.key]}
                onFilter={onFilter}
              />
            );
          })}
        </form>
      </details>
    </div>
  );
}
