/**
 * The views that teach, chosen for the dataset: for classification the confusion matrix and the
 * predictions (mistakes first); for a regression target the predictions against the actual values;
 * for images the feature maps and the drawing pad; for every model the weight histograms over
 * epochs; for models of token ids the text they write, their next-token guesses, their attention
 * or recurrent state, and a toy task's answers token by token (core/experiment/views.ts says which
 * suit the dataset and model). The regression curve and the 2-D decision boundary are in the
 * playground's plot.
 */
import { useCallback, useMemo, useState } from 'react';
import { sequenceViews } from '../../core/experiment/views';
import { useAppStore } from '../../store';
import { ReviewQueue } from '../annotate/ReviewQueue';
import { datasetEditable } from '../annotate/slice';
import { annotateTargetOf } from '../annotate/use-annotation';
import { currentInfo } from '../experiment/selectors';
import { ConfusionMatrix, type ImageSource } from './ConfusionMatrix';
import { DrawingPad } from './DrawingPad';
import { FeatureMaps } from './FeatureMaps';
import { PredictedActual } from './PredictedActual';
import { PredictionGrid } from './PredictionGrid';
import { SequenceInsights } from './SequenceInsights';
import { WeightHistograms } from './WeightHistograms';
import './insights.css';

const AFTER_EPOCH = 'Appears after the first epoch of training.';

/** Every view; a notebook cell shows only the ones its author chose. */
const ALL_VIEWS: ReadonlySet<string> = new Set([
  'confusion',
  'predictions',
  'weights',
  'featureMaps',
  'drawing',
  'samples',
  'nextToken',
  'tokenAccuracy',
  'attention',
  'hiddenState',
]);

export function InsightsPanel({ views = ALL_VIEWS }: { views?: ReadonlySet<string> }) {
  const insights = useAppStore((s) => s.insights);
  const record = useAppStore((s) => s.prepared.record);
  const generated = useAppStore((s) => s.prepared.points);
  const info = useAppStore(currentInfo);
  const experiment = useAppStore((s) => s.editor.experiment);
  const suited = useMemo(() => sequenceViews(info, experiment), [info, experiment]);
  // Tagged with its dataset, so a drawing for other images is never fed to this model.
  const [drawn, setDrawn] = useState<{ sha256: string; input: Float32Array | null } | null>(null);

  const header = record?.header;
  const task = header?.task ?? generated?.task ?? null;
  const classNames = useMemo(() => {
    if (header) return header.classNames;
    const classes = generated?.task === 'classification' ? generated.numClasses : 0;
    return Array.from({ length: classes }, (_, i) => String(i));
  }, [header, generated]);
  const images: ImageSource | null = useMemo(
    () =>
      record && record.header.kind === 'image'
        ? { sha256: record.sha256, shape: record.header.inputShape }
        : null,
    [record],
  );

  const editable = useAppStore(datasetEditable);
  // A lesson that locks the dataset cannot take a new version of it.
  const annotate = useMemo(() => (editable ? annotateTargetOf(record) : null), [editable, record]);

  const sha256 = images?.sha256 ?? null;
  const drawing = drawn && drawn.sha256 === sha256 ? drawn.input : null;
  const onDrawing = useCallback(
    (input: Float32Array | null) => setDrawn(sha256 ? { sha256, input } : null),
    [sha256],
  );

  const show = (view: string) => views.has(view);
  const sequence = suited.filter(show);
  const anyShown =
    sequence.length > 0 ||
    (task === 'classification' && (show('confusion') || show('predictions'))) ||
    (task === 'regression' && show('predictions')) ||
    (images !== null && (show('featureMaps') || show('drawing'))) ||
    show('weights');
  if ((!task && sequence.length === 0) || !anyShown) return null;
  return (
    <section className="panel insights" aria-labelledby="insights-heading">
      <h2 id="insights-heading">What the model learned</h2>
      {task === 'classification' && (
        <>
          {show('confusion') && (
            <div className="insight-section">
              <h3>Confusion matrix</h3>
              {insights?.confusion ? (
                <ConfusionMatrix
                  confusion={insights.confusion}
                  examples={insights.examples}
                  classNames={classNames}
                  images={images}
                  annotate={annotate}
                />
              ) : (
                <p className="muted">{AFTER_EPOCH} Click a cell to see the examples it counts.</p>
              )}
            </div>
          )}
          {show('predictions') && (
            <div className="insight-section">
              <h3>Predictions, mistakes first</h3>
              {insights?.examples ? (
                <PredictionGrid
                  examples={insights.examples}
                  classNames={classNames}
                  images={images}
                  annotate={annotate}
                />
              ) : (
                <p className="muted">{AFTER_EPOCH}</p>
              )}
            </div>
          )}
          {show('predictions') && annotate && insights?.examples && (
            <div className="insight-section">
              <h3>Review queue: likely label errors first</h3>
              <ReviewQueue examples={insights.examples} images={images} target={annotate} />
            </div>
          )}
        </>
      )}
      {task === 'regression' && show('predictions') && (
        <div className="insight-section">
          <h3>Predicted against actual</h3>
          {insights?.regression ? (
            <PredictedActual fitted={insights.regression} targetName={header?.targetName ?? null} />
          ) : (
            <p className="muted">
              {AFTER_EPOCH} It plots the validation examples, so it needs a validation split.
            </p>
          )}
        </div>
      )}
      {images && (
        <>
          {show('featureMaps') && (
            <div className="insight-section">
              <h3>Feature maps</h3>
              <FeatureMaps
                key={images.sha256}
                images={images}
                validationRows={insights?.examples?.rows ?? null}
                drawing={drawing}
              />
            </div>
          )}
          {show('drawing') && (
            <div className="insight-section">
              <h3>Drawing pad</h3>
              <DrawingPad
                key={images.sha256}
                inputShape={images.shape}
                classNames={classNames}
                onDrawing={onDrawing}
              />
            </div>
          )}
        </>
      )}
      {info?.tokenizer && sequence.length > 0 && (
        <SequenceInsights
          views={sequence}
          tokenizer={info.tokenizer}
          rows={info.n}
          tokens={insights?.tokens ?? null}
        />
      )}
      {show('weights') && (
        <div className="insight-section">
          <h3>Weights per layer over epochs</h3>
          <WeightHistograms />
        </div>
      )}
    </section>
  );
}
