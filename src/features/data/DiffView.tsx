/**
 * Two dataset versions compared (data.diff), by content: the examples per class in each, and the
 * examples that changed: relabelled ("7 → 1"), added and removed, each shown as it is (a
 * thumbnail for images, the text for text, the feature values otherwise). The data worker
 * compares the versions and reads the changed examples from storage.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { datasetHash } from '../../app/routes';
import type { DatasetSample } from '../../core/data-protocol';
import type { StoredDataset } from '../../core/data/stored-dataset';
import type { DatasetDiff } from '../../core/data/versions/lineage';
import { decode } from '../../core/data/tokenizer';
import { counted } from '../../core/plural';
import { exampleRgba } from '../insights/pixels';
import { requestData } from './data-client';

/** Examples shown per kind of change; the rest are counted. */
const SHOWN = 60;

interface Props {
  /** The version compared from (the older, usually). */
  a: StoredDataset;
  /** The version compared to: the one the page shows. */
  b: StoredDataset;
}

interface Compared {
  diff: DatasetDiff;
  /** The relabelled then the removed examples shown, read from `a`; null when none. */
  fromA: DatasetSample | null;
  /** The added examples shown, read from `b`; null when none. */
  fromB: DatasetSample | null;
}

type State =
  | { key: string; stage: 'comparing' }
  | { key: string; stage: 'done'; compared: Compared }
  | { key: string; stage: 'failed'; message: string };

async function sampleRows(sha256: string, rows: number[]): Promise<DatasetSample | null> {
  if (rows.length === 0) return null;
  const answer = await requestData({ type: 'sample', sha256, count: 1, rows }).done;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value.sample;
}

async function compare(a: string, b: string): Promise<Compared> {
  const answer = await requestData({ type: 'diffDatasets', a, b }).done;
  if (!answer.ok) throw new Error(answer.error.message);
  const { diff } = answer.value;
  const rowsA = [
    ...diff.relabelled.slice(0, SHOWN).map((r) => r.a),
    ...diff.removed.slice(0, SHOWN),
  ];
  const [fromA, fromB] = await Promise.all([
    sampleRows(a, rowsA),
    sampleRows(b, diff.added.slice(0, SHOWN)),
  ]);
  return { diff, fromA, fromB };
}

function ImageExample({ sample, at, label }: { sample: DatasetSample; at: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { inputShape } = sample.header;
  const [height = 1, width = 1] = inputShape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(exampleRgba(sample.x, at, inputShape), width, height), 0, 0);
  }, [sample, at, inputShape, width, height]);
  return <canvas ref={canvas} width={width} height={height} role="img" aria-label={label} />;
}

/** What one example holds, in words: its text, or its first feature values. */
function exampleText(sample: DatasetSample, at: number): string {
  const { header } = sample;
  const size = header.inputShape.reduce((p, d) => p * d, 1);
  const values = sample.x.subarray(at * size, (at + 1) * size);
  if (header.tokenizer !== undefined) return decode(header.tokenizer, values);
  const shown = Array.from(values.subarray(0, 8), (value) => Number(value.toPrecision(3)));
  return `(${shown.join(', ')}${size > 8 ? ', …' : ''})`;
}

function Example({ sample, at, caption }: { sample: DatasetSample; at: number; caption: string }) {
  return (
    <figure className="diff-example" data-testid="data.diff.example">
      {sample.header.kind === 'image' ? (
        <ImageExample sample={sample} at={at} label={caption} />
      ) : (
        <code className="diff-example-text">{exampleText(sample, at)}</code>
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function Changed({
  title,
  testId,
  total,
  children,
}: {
  title: string;
  testId: string;
  total: number;
  children: ReactNode;
}) {
  if (total === 0) return null;
  return (
    <section className="diff-changes" data-testid={testId} data-count={total}>
      <h4>
        {title} ({total.toLocaleString()})
      </h4>
      <div className="diff-examples">{children}</div>
      {total > SHOWN && (
        <p className="muted">and {counted(total - SHOWN, 'more example')} not shown.</p>
      )}
    </section>
  );
}

function Counts({ diff, a, b }: { diff: DatasetDiff; a: string; b: string }) {
  return (
    <table className="diff-counts" data-testid="data.diff.counts">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">{a}</th>
          <th scope="col">{b}</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {diff.classNames.map((name, i) => {
          const before = diff.countsA[i] ?? 0;
          const after = diff.countsB[i] ?? 0;
          const change = after - before;
          return (
            <tr key={i} className={change === 0 ? undefined : 'changed'}>
              <th scope="row">{name}</th>
              <td className="num">{before.toLocaleString()}</td>
              <td className="num">{after.toLocaleString()}</td>
              <td className="num">
                {change === 0 ? '' : change > 0 ? `+${change}` : `−${-change}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const nameOf = (record: StoredDataset, other: StoredDataset): string =>
  record.lineage.lineId === other.lineage.lineId
    ? `version ${record.lineage.version}`
    : `${record.name} v${record.lineage.version}`;

export function DiffView({ a, b }: Props) {
  const key = `${a.sha256}:${b.sha256}`;
  const [state, setState] = useState<State>({ key, stage: 'comparing' });
  useEffect(() => {
    let live = true;
    compare(a.sha256, b.sha256).then(
      (compared) => live && setState({ key, stage: 'done', compared }),
      (error: unknown) =>
        live &&
        setState({
          key,
          stage: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
    return () => {
      live = false;
    };
  }, [key, a.sha256, b.sha256]);
  const shown = state.key === key ? state : ({ key, stage: 'comparing' } as const);
  const from = nameOf(a, b);
  const to = nameOf(b, a);
  return (
    <section className="data-diff" data-testid="data.diff" aria-labelledby="diff-heading">
      <h3 id="diff-heading">
        What changed from {from} to {to}
      </h3>
      <a className="diff-close" href={datasetHash(b.sha256)}>
        Close the comparison
      </a>
      {shown.stage === 'comparing' && (
        <p className="muted" role="status">
          Comparing…
        </p>
      )}
      {shown.stage === 'failed' && (
        <p className="error" role="alert">
          {shown.message}
        </p>
      )}
      {shown.stage === 'done' && <Compared compared={shown.compared} from={from} to={to} />}
    </section>
  );
}

function Compared({ compared, from, to }: { compared: Compared; from: string; to: string }) {
  const { diff, fromA, fromB } = compared;
  const names = diff.classNames;
  const className = (i: number) => names[i] ?? String(i);
  const relabelled = diff.relabelled.slice(0, SHOWN);
  const removedShown = diff.removed.slice(0, SHOWN);
  const same = diff.added.length + diff.removed.length + diff.relabelled.length === 0;
  return (
    <>
      <p className="status" data-testid="data.diff.summary">
        {same
          ? 'The two versions hold the same examples with the same labels.'
          : [
              diff.relabelled.length > 0 ? `${diff.relabelled.length} relabelled` : '',
              diff.added.length > 0 ? `${diff.added.length} added` : '',
              diff.removed.length > 0 ? `${diff.removed.length} removed` : '',
            ]
              .filter((part) => part !== '')
              .join(', ') + '.'}
      </p>
      <Counts diff={diff} a={from} b={to} />
      {fromA !== null && (
        <Changed title="Relabelled" testId="data.diff.relabelled" total={diff.relabelled.length}>
          {relabelled.map((r, i) => (
            <Example
              key={`r${r.a}`}
              sample={fromA}
              at={i}
              caption={`${className(r.from)} → ${className(r.to)}`}
            />
          ))}
        </Changed>
      )}
      {fromB !== null && (
        <Changed title="Added" testId="data.diff.added" total={diff.added.length}>
          {diff.added.slice(0, SHOWN).map((row, i) => (
            <Example
              key={`a${row}`}
              sample={fromB}
              at={i}
              caption={className(fromB.labels[i] ?? -1)}
            />
          ))}
        </Changed>
      )}
      {fromA !== null && (
        <Changed title="Removed" testId="data.diff.removed" total={diff.removed.length}>
          {removedShown.map((row, i) => (
            <Example
              key={`d${row}`}
              sample={fromA}
              at={relabelled.length + i}
              caption={fromA.header.classNames[fromA.labels[relabelled.length + i] ?? -1] ?? ''}
            />
          ))}
        </Changed>
      )}
    </>
  );
}
