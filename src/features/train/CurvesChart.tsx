/** Train and validation curves of one metric over the epochs of the run in the workbench. */
import { useMemo } from 'react';
import { SERIES_CSS } from '../palette';
import { CurvesCanvas } from '../ui/CurvesCanvas';
import type { LineColour } from '../ui/chart-canvas';
import type { EpochRecord } from '../../core/runs/epoch';

export interface CurvesChartProps {
  history: readonly EpochRecord[];
  metric: 'loss' | 'accuracy';
  logScale?: boolean;
  testId: string;
  title: string;
}

/** One run, so the two lines of it take the two series colours. */
const colourOf: LineColour = ({ kind }) =>
  kind === 'train' ? SERIES_CSS.primary : SERIES_CSS.secondary;

export function CurvesChart({
  history,
  metric,
  logScale = false,
  testId,
  title,
}: CurvesChartProps) {
  const runs = useMemo(() => [history], [history]);
  return (
    <CurvesCanvas
      runs={runs}
      metric={metric}
      logScale={logScale}
      height={160}
      colourOf={colourOf}
      title={title}
      testId={testId}
      label={title}
    />
  );
}
