/**
 * One sweep: its progress and controls, the best run, the trials in parallel coordinates (brushing
 * filters the table), the objective against each field, which fields mattered, the trials' table
 * and the curves of the run picked in any of them.
 */
import { useMemo, useState } from 'react';
import {
  parallelAxes,
  visibleRows,
  type AxisFilter,
  type ParallelFilters,
} from '../../core/chart/parallel';
import { bestTrial } from '../../core/sweep/queue';
import type { SweepRecord } from '../../core/sweep/sweep';
import { targetKey, targetLabel } from '../../core/sweep/targets';
import { formatValues } from '../../core/sweep/values';
import { useAppStore } from '../../store';
import { RunsCurves, type CurveRun } from '../runs/RunsCurves';
import { Importance } from './Importance';
import { ParallelChart } from './ParallelChart';
import { BEST_CLASS, SELECTED_CLASS } from './paint-parallel';
import { goalOf, metricLabel } from './plan-form';
import { ScatterChart } from './ScatterChart';
import {
  chartedRows,
  formatMetric,
  scatterFields,
  scatterInputs,
  shownMetrics,
  sweepColumns,
  trialRows,
} from './sweep-table';
import { SweepStatus } from './SweepStatus';
import { TrialTable } from './TrialTable';
import { Toggle } from '../ui/Toggle';

const METHOD_WORDS = {
  grid: 'every combination',
  random: 'random draws',
  halving: 'successive halving',
} as const;

function PlanSummary({ record }: { record: SweepRecord }) {
  const { base, plan } = record.sweep;
  const goal = goalOf(plan.objective.metric) === 'min' ? 'lower' : 'higher';
  return (
    <dl className="sweep-plan" data-testid="sweep.plan">
      {plan.fields.map((field, i) => (
        <div key={i}>
          <dt>{targetLabel(field.target, base)}</dt>
          <dd>{formatValues(field.values)}</dd>
        </div>
      ))}
      <div>
        <dt>method</dt>
        <dd>{METHOD_WORDS[plan.method.kind]}</dd>
      </div>
      <div>
        <dt>objective</dt>
        <dd>
          {metricLabel(plan.objective.metric)} ({goal} is better)
        </dd>
      </div>
    </dl>
  );
}

export function SweepView({ record }: { record: SweepRecord }) {
  const runs = useAppStore((s) => s.runs);
  const [filters, setFilters] = useState<ParallelFilters>({});
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [logScale, setLogScale] = useState(false);
  const { plan } = record.sweep;
  const metric = metricLabel(plan.objective.metric);

  const rows = useMemo(() => trialRows(record, runs), [record, runs]);
  const metrics = useMemo(() => shownMetrics(record, rows), [record, rows]);
  const charted = useMemo(() => chartedRows(rows), [rows]);
  const chart = useMemo(() => {
    const columns = sweepColumns(record, charted, metrics);
    return { columns, axes: parallelAxes(columns) };
  }, [record, charted, metrics]);
  const chartVisible = useMemo(
    () => visibleRows(chart.columns, chart.axes, filters),
    [chart, filters],
  );
  const tableRows = useMemo(() => {
    if (Object.keys(filters).length === 0) return rows;
    const columns = sweepColumns(record, rows, metrics);
    const keep = visibleRows(columns, parallelAxes(columns), filters);
    return rows.filter((_, i) => keep[i]);
  }, [record, rows, metrics, filters]);

  const best = bestTrial(record);
  const bestRow = rows.find((row) => row.trial.id === best?.id) ?? null;
  const selectedRow = rows.find((row) => row.trial.id === selectedId) ?? null;
  // The picked run, then the best, in the colours the charts give them.
  const curves = useMemo((): CurveRun[] => {
    const picked = selectedRow?.run ?? null;
    const top = bestRow?.run ?? null;
    return [
      ...(picked && picked.id !== top?.id ? [{ run: picked, colour: SELECTED_CLASS }] : []),
      ...(top ? [{ run: top, colour: BEST_CLASS }] : []),
    ].map(({ run, colour }) => ({ id: run.id, name: run.name, epochs: run.epochs, colour }));
  }, [selectedRow, bestRow]);

  const onFilter = (key: string, filter: AxisFilter | null) =>
    setFilters((current) => {
      const rest = Object.fromEntries(Object.entries(current).filter(([k]) => k !== key));
      return filter ? { ...rest, [key]: filter } : rest;
    });
  const scatters = useMemo(
    () =>
      scatterFields(record).flatMap((index) => {
        const field = record.sweep.plan.fields[index];
        if (!field) return [];
        return [
          {
            key: targetKey(field.target),
            label: targetLabel(field.target, record.sweep.base),
            points: scatterInputs(record, charted, index),
            options: { x: { log: field.values.kind === 'log' } },
          },
        ];
      }),
    [record, charted],
  );
  const repeats = plan.fields.some((f) => f.target.kind === 'seed');
  const filtered = Object.keys(filters).length > 0;

  return (
    <main className="sweep-page">
      <p className="sweep-back">
        <a href="#/runs">All runs and sweeps</a>
      </p>
      <h1 data-testid="sweep.name">{record.sweep.name}</h1>
      <section className="panel sweep-head" aria-label="Progress">
        <SweepStatus record={record} />
        <PlanSummary record={record} />
      </section>

      <section className="panel" aria-labelledby="sweep-best-heading">
        <h2 id="sweep-best-heading">Best run</h2>
        <p data-testid="sweep.best" data-trial-id={bestRow?.trial.id}>
          {bestRow ? (
            <>
              <button
                type="button"
                className="link"
                onClick={() => setSelectedId(bestRow.trial.id)}
              >
                {bestRow.name}
              </button>{' '}
              ({metric} {formatMetric(bestRow.trial.metric)})
            </>
          ) : (
            <span className="muted">None yet: the best run shows once a run has a {metric}.</span>
          )}
        </p>
      </section>

      <section className="panel" aria-labelledby="sweep-parallel-heading">
        <h2 id="sweep-parallel-heading">Every run, every field</h2>
        {charted.length === 0 ? (
          <p className="muted">The chart fills in as runs report their first epoch.</p>
        ) : (
          <ParallelChart
            columns={chart.columns}
            axes={chart.axes}
            rowIds={charted.map((row) => row.trial.id)}
            visible={chartVisible}
            bestId={best?.id ?? null}
            selectedId={selectedId}
            filters={filters}
            onFilter={onFilter}
            onSelect={setSelectedId}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="sweep-runs-heading">
        <h2 id="sweep-runs-heading">Runs</h2>
        {filtered && (
          <p className="muted" data-testid="sweep.filterNote">
            Showing {tableRows.length} of {rows.length} runs, those inside the brushed ranges.{' '}
            <button
              type="button"
              className="link"
              data-testid="sweep.clearFilters"
              onClick={() => setFilters({})}
            >
              Show all
            </button>
          </p>
        )}
        <TrialTable
          record={record}
          rows={tableRows}
          metrics={metrics}
          bestId={best?.id ?? null}
          selectedId={selectedId}
          onSelect={setSelectedId}
        />
      </section>

      <section className="panel" aria-labelledby="sweep-curves-heading" data-testid="sweep.curves">
        <div className="sweep-curves-head">
          <h2 id="sweep-curves-heading">Curves</h2>
          <Toggle
            label="Log scale for the loss"
            testId="sweep.logScale"
            checked={logScale}
            onChange={setLogScale}
          />
        </div>
        {curves.length === 0 ? (
          <p className="muted">
            {selectedRow
              ? 'Its curves show once the run has ended and been saved.'
              : 'Pick a run (a line, a dot or a row) to see its curves beside the best run.'}
          </p>
        ) : (
          <div className="sweep-curves">
            <RunsCurves
              runs={curves}
              metric="loss"
              title="Loss"
              testId="sweep.curves.loss"
              logScale={logScale}
              clipSpikes
            />
            {curves.some((run) => run.epochs.some((e) => e.trainAccuracy !== null)) && (
              <RunsCurves
                runs={curves}
                metric="accuracy"
                title="Accuracy"
                testId="sweep.curves.accuracy"
              />
            )}
          </div>
        )}
      </section>

      {scatters.length > 0 && (
        <section className="panel" aria-labelledby="sweep-scatter-heading">
          <h2 id="sweep-scatter-heading">The {metric} against each field</h2>
          {repeats && (
            <p className="muted">
              Runs that differ only in their seed are drawn with their mean and one standard
              deviation either side.
            </p>
          )}
          <div className="sweep-scatters">
            {scatters.map((scatter) => (
              <ScatterChart
                key={scatter.key}
                fieldKey={scatter.key}
                fieldLabel={scatter.label}
                metricLabel={metric}
                points={scatter.points}
                options={scatter.options}
                bestId={best?.id ?? null}
                selectedId={selectedId}
                repeats={repeats}
                onSelect={setSelectedId}
              />
            ))}
          </div>
        </section>
      )}

      <section className="panel" aria-labelledby="sweep-importance-heading">
        <h2 id="sweep-importance-heading">Which fields mattered</h2>
        <Importance record={record} />
      </section>
    </main>
  );
}
