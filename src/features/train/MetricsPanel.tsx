/**
 * The latest numbers of the run, as plain text the e2e tests and screen readers can read, and what
 * they mean: for a regression target its typical error in the target's own units, and beside the
 * model's figures what always giving the same answer would score (the worker's baseline); for
 * next-token prediction the loss also as perplexity and bits per token, and a bigram's loss beside.
 */
import { useMemo } from 'react';
import { tokenMetrics } from '../../core/train/token-metrics';
import { typicalError } from '../../core/train/typical-error';
import { useAppStore } from '../../store';
import { currentInfo } from '../experiment/selectors';
import { baselineSentence, inUnits } from './baseline-text';

const format = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits);

interface Row {
  label: string;
  testId: string;
  value: string;
  /** What the figure is, where its label alone does not say. */
  title?: string;
}

export function MetricsPanel() {
  const progress = useAppStore((s) => s.progress);
  const last = useAppStore((s) => s.history.at(-1));
  const insights = useAppStore((s) => s.insights);
  const task = useAppStore((s) => currentInfo(s)?.task);
  const regression = task === 'regression';
  const sequence = task === 'sequence';
  const header = useAppStore((s) => s.prepared.record?.header ?? null);
  const targetName = header?.targetName ?? null;
  // The root-mean-square error of the latest validation predictions, in the target's units.
  const error = useMemo(() => {
    const fitted = insights?.regression;
    const value = fitted ? typicalError(fitted.actual, fitted.predicted) : NaN;
    return Number.isFinite(value) ? value : null;
  }, [insights]);

  // Progress reports are throttled: show whichever of them and the last epoch end is newer.
  const live = progress && progress.epoch > (last?.epoch ?? 0) ? progress : null;
  const epoch = live?.epoch ?? last?.epoch ?? 0;
  // A sequence run's loss also in perplexity and bits per token: the validation one where there is
  // one (what the model does on text it did not train on), else the training one.
  const judgedLoss = last ? (last.validationLoss ?? last.trainLoss) : null;
  const perToken = judgedLoss === null ? null : tokenMetrics(judgedLoss);
  const judgedOn = last?.validationLoss == null ? 'training' : 'validation';
  const tokenRows: Row[] = sequence
    ? [
        {
          label: 'Perplexity',
          testId: 'metrics.perplexity',
          value: format(perToken?.perplexity, 2),
          title: `exp(loss): how many equally likely tokens the model is as unsure as (${judgedOn} loss)`,
        },
        {
          label: 'Bits per token',
          testId: 'metrics.bitsPerToken',
          value: format(perToken?.bitsPerToken, 3),
          title: `loss / ln 2: bits per token, per character for a character model (${judgedOn} loss)`,
        },
      ]
    : [];
  const rows: Row[] = [
    { label: 'Epoch', testId: 'metrics.epoch', value: String(epoch) },
    {
      label: 'Train loss',
      testId: 'metrics.loss',
      value: format(live ? live.loss : last?.trainLoss),
    },
    ...(regression
      ? []
      : [
          {
            label: sequence ? 'Train token accuracy' : 'Train accuracy',
            testId: 'metrics.accuracy',
            value: format(live ? live.accuracy : last?.trainAccuracy),
          },
        ]),
    { label: 'Validation loss', testId: 'metrics.valLoss', value: format(last?.validationLoss) },
    ...tokenRows,
    regression
      ? {
          label: 'Typical error',
          testId: 'metrics.typicalError',
          value: error === null ? '' : inUnits(error, targetName),
          title:
            'Root-mean-square error of the predictions for the validation examples, in the ' +
            'target’s own units',
        }
      : {
          label: sequence ? 'Validation token accuracy' : 'Validation accuracy',
          testId: 'metrics.valAccuracy',
          value: format(last?.validationAccuracy),
        },
    {
      label: 'Samples/s',
      testId: 'metrics.samplesPerSec',
      value: format(progress?.samplesPerSec, 0),
    },
  ];

  const baseline = insights?.baseline ?? null;
  let sentence: string | null = null;
  if (baseline) {
    const onValidation = baseline.judgedOn === 'validation';
    const accuracy = onValidation ? last?.validationAccuracy : last?.trainAccuracy;
    const loss = onValidation ? last?.validationLoss : last?.trainLoss;
    const model =
      baseline.kind === 'majority'
        ? (accuracy ?? null)
        : baseline.kind === 'bigram'
          ? (loss ?? null)
          : onValidation
            ? error
            : null;
    sentence = baselineSentence(baseline, {
      className: (i) => (header ? `‘${header.classNames[i] ?? i}’` : `class ${i}`),
      targetName,
      model: model !== null && Number.isFinite(model) ? model : null,
    });
  }

  return (
    <>
      <dl className="metrics" aria-live="off">
        {rows.map(({ label, testId, value, title }) => (
          <div key={testId} title={title}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {sentence && (
        <p className="metrics-baseline muted" data-testid="metrics.baseline">
          {sentence}
        </p>
      )}
    </>
  );
}
