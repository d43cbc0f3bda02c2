/**
 * The validation examples with what the model predicts for them, misclassified first (the most
 * confidently wrong leading), so the mistakes are what one sees.
 */
import { useMemo } from 'react';
import { ExampleActions } from '../annotate/ExampleActions';
import { SelectShown } from '../annotate/SelectShown';
import { useTileAnnotation } from '../annotate/tile-annotation';
import type { AnnotateTarget } from '../annotate/use-annotation';
import type { ImageSource } from './ConfusionMatrix';
import { ExampleTile } from './ExampleTile';
import { percent, predictionOrder, type Examples } from './examples';
import { useRowSample } from './use-row-sample';

const SHOWN = 48;

interface Props {
  examples: Examples;
  classNames: readonly string[];
  images: ImageSource | null;
  /** The version whose examples can be annotated here; null where they cannot. */
  annotate?: AnnotateTarget | null;
}

const nameOf = (names: readonly string[], i: number | undefined) =>
  i === undefined ? '?' : (names[i] ?? String(i));

export function PredictionGrid({ examples, classNames, images, annotate = null }: Props) {
  const order = useMemo(() => predictionOrder(examples), [examples]);
  const shown = order.slice(0, SHOWN);
  const items = shown.map((i) => ({
    index: examples.rows[i] ?? 0,
    label: examples.actual[i] ?? 0,
  }));
  let wrong = 0;
  for (let i = 0; i < examples.rows.length; i++) {
    if (examples.actual[i] !== examples.predicted[i]) wrong++;
  }
  return (
    <div className="predictions" data-testid="insights.predictions">
      <p className="muted">
        {wrong} of {examples.rows.length} validation examples misclassified
        {shown.length < order.length ? `; the first ${shown.length} are shown` : ''}.
        {images && ' Captions read actual → predicted.'}
      </p>
      {annotate && <SelectShown target={annotate} items={items} />}
      {images ? (
        <PredictionImages
          examples={examples}
          shown={shown}
          classNames={classNames}
          images={images}
          annotate={annotate}
        />
      ) : (
        <table className="prediction-table">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Actual</th>
              <th scope="col">Predicted</th>
              <th scope="col">Confidence</th>
              {annotate && <th scope="col">Annotate</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => {
              const actual = examples.actual[i];
              const predicted = examples.predicted[i];
              return (
                <tr
                  key={i}
                  className={actual === predicted ? undefined : 'wrong'}
                  data-testid="insights.prediction"
                >
                  <td>{examples.rows[i]}</td>
                  <td>{nameOf(classNames, actual)}</td>
                  <td>{nameOf(classNames, predicted)}</td>
                  <td>{percent(examples.confidence[i] ?? 0)}</td>
                  {annotate && (
                    <td>
                      <ExampleActions
                        target={annotate}
                        index={examples.rows[i] ?? 0}
                        label={actual ?? 0}
                      />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function PredictionImages({
  examples,
  shown,
  classNames,
  images,
  annotate = null,
}: Props & { shown: number[]; images: ImageSource }) {
  const rows = shown.map((i) => examples.rows[i] ?? 0);
  const { sample, error } = useRowSample(images.sha256, rows);
  const annotation = useTileAnnotation(annotate);
  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!sample) return <p className="muted">Loading the examples…</p>;
  return (
    <div className={annotate ? 'insight-grid annotating' : 'insight-grid'}>
      {shown.map((i, position) => {
        const actual = nameOf(classNames, examples.actual[i]);
        const predicted = nameOf(classNames, examples.predicted[i]);
        const wrong = examples.actual[i] !== examples.predicted[i];
        const confidence = percent(examples.confidence[i] ?? 0);
        const { caption, ...tile } = annotation(examples.rows[i] ?? 0, examples.actual[i] ?? 0);
        return (
          <ExampleTile
            key={i}
            x={sample.x}
            index={position}
            shape={images.shape}
            wrong={wrong}
            testId="insights.prediction"
            label={`row ${examples.rows[i]}: actual ${actual}, predicted ${predicted} (${confidence})`}
            {...tile}
          >
            {caption ?? (wrong ? `${actual} → ${predicted}` : actual)}{' '}
            <span className="muted">{confidence}</span>
          </ExampleTile>
        );
      })}
    </div>
  );
}
