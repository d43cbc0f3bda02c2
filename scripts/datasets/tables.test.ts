import { describe, expect, it } from 'vitest';
import { MALFORMED_LINES, goodCsv, malformedCsv, regressionCsv } from './tables';

const rows = (csv: string) =>
  csv
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));

describe('goodCsv', () => {
  const [header, ...data] = rows(goodCsv());

  it('has a header, 300 rows of 5 fields and 100 rows of each of 3 labels', () => {
    expect(header).toEqual(['length_cm', 'width_cm', 'weight_g', 'color', 'label']);
    expect(data).toHaveLength(300);
    expect(data.every((row) => row.length === 5)).toBe(true);
    const counts = new Map<string, number>();
    for (const row of data) counts.set(row[4]!, (counts.get(row[4]!) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ apple: 100, banana: 100, cherry: 100 });
  });

  it('is learnable: a nearest-centroid rule on the numbers alone gets most rows right', () => {
    const features = data.map((row) => row.slice(0, 3).map((v) => Math.log(Number(v))));
    const labels = data.map((row) => row[4]!);
    const centroids = new Map<string, number[]>();
    for (const label of new Set(labels)) {
      const members = features.filter((_, i) => labels[i] === label);
      centroids.set(
        label,
        [0, 1, 2].map((j) => members.reduce((s, f) => s + f[j]!, 0) / members.length),
      );
    }
    const nearest = (f: number[]) =>
      [...centroids].sort(
        ([, a], [, b]) =>
          a.reduce((s, v, j) => s + (v - f[j]!) ** 2, 0) -
          b.reduce((s, v, j) => s + (v - f[j]!) ** 2, 0),
      )[0]![0];
    const correct = features.filter((f, i) => nearest(f) === labels[i]).length;
    expect(correct / data.length).toBeGreaterThan(0.9);
  });
});

describe('malformedCsv', () => {
  it('has ragged rows exactly on the lines it declares', () => {
    const lines = rows(malformedCsv());
    const ragged = lines.flatMap((fields, i) => (fields.length === 5 ? [] : [i + 1]));
    expect(ragged).toEqual([MALFORMED_LINES.tooFew, MALFORMED_LINES.tooMany]);
    expect(lines[MALFORMED_LINES.tooFew - 1]).toHaveLength(4);
    expect(lines[MALFORMED_LINES.tooMany - 1]).toHaveLength(6);
  });
});

describe('regressionCsv', () => {
  it('has 250 rows with a numeric target that grows with area', () => {
    const [header, ...data] = rows(regressionCsv());
    expect(header).toEqual(['area_m2', 'rooms', 'age_years', 'district', 'price_k']);
    expect(data).toHaveLength(250);
    const area = data.map((row) => Number(row[0]));
    const price = data.map((row) => Number(row[4]));
    expect(price.every(Number.isFinite)).toBe(true);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [ma, mp] = [mean(area), mean(price)];
    const cov = mean(area.map((a, i) => (a - ma) * (price[i]! - mp)));
    const sd = (v: number[], m: number) => Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
    expect(cov / (sd(area, ma) * sd(price, mp))).toBeGreaterThan(0.8);
  });
});
