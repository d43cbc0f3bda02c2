import { describe, expect, it } from 'vitest';
import { columnNameAt, rowEncoder, type RowPreprocessing } from './encode-row';
import { pointsPreprocessing, storedPreprocessing } from './preprocessing-of';
import { imported, PENGUINS, recordOf, table } from './test-tables';

function tabular(rows = PENGUINS) {
  const result = imported(rows);
  const p = storedPreprocessing(recordOf(result));
  if (p.kind !== 'tabular') throw new Error('expected a table');
  return { result, p };
}

function encoder(p: RowPreprocessing, header: readonly string[]) {
  const made = rowEncoder(p, header);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

describe('rowEncoder', () => {
  it('encodes the training rows to exactly the features the import produced', () => {
    const { result, p } = tabular();
    const encode = encoder(p, PENGUINS.header);
    const kept = PENGUINS.rows.filter((row) => row[4] !== '');
    const width = encode.width;
    expect(width).toBe(result.packed.header.featureNames.length);
    kept.forEach((row, i) => {
      const { x, notes } = encode.encode(row);
      expect(notes).toEqual([]);
      expect(x).toEqual(result.packed.x.subarray(i * width, (i + 1) * width));
    });
  });

  it('finds columns by name in any order, without the target', () => {
    const { result, p } = tabular();
    const order = [3, 1, 0];
    const encode = encoder(
      p,
      order.map((i) => PENGUINS.header[i] as string),
    );
    const first = PENGUINS.rows[0] as string[];
    expect(encode.encode(order.map((i) => first[i] as string)).x).toEqual(
      result.packed.x.subarray(0, encode.width),
    );
  });

  it('encodes what training never saw as missing, and says so', () => {
    const { p } = tabular(
      table(
        PENGUINS.header,
        PENGUINS.rows.filter((row) => row[1] !== ''),
      ),
    );
    const encode = encoder(p, ['bill_mm', 'island', 'mass_g']);
    const { x, notes } = encode.encode(['long', 'Atlantis', '1e999']);
    // bill and mass at their means; no island set.
    expect([...x]).toEqual([0, 0, 0, 0, 0]);
    expect(notes).toEqual([
      "'bill_mm': 'long' is not a number; read as missing (the mean).",
      "'island': 'Atlantis' was not seen in training; no category set.",
      "'mass_g': '1e999' is too large for 32-bit numbers; read as missing (the mean).",
    ]);
    expect(encode.encode(['40', ' NA ', '3000']).notes).toEqual([
      "'island' is missing, which training never saw; no category set.",
    ]);
  });

  it('refuses rows without a column the model needs', () => {
    const { p } = tabular();
    const made = rowEncoder(p, ['bill_mm', 'species']);
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.error.message).toMatch(/no column 'island', 'mass_g'/);
  });

  it('refuses a preprocessing whose columns do not give its feature names', () => {
    const { p } = tabular();
    expect(rowEncoder({ ...p, featureNames: ['bill_mm'] }, PENGUINS.header).ok).toBe(false);
  });

  it('names a blank header cell by its position, as the import does', () => {
    const t = table(
      ['', 'label'],
      [
        ['1', 'a'],
        ['3', 'b'],
      ],
    );
    const { result, p } = tabular(t);
    expect(columnNameAt(t.header, 0)).toBe('column 1');
    expect(encoder(p, ['', 'label']).encode(['3', '']).x).toEqual(result.packed.x.subarray(1, 2));
  });

  it('feeds points as they are', () => {
    const p = pointsPreprocessing({
      kind: 'builtin',
      generator: 'moons',
      params: { size: 100, noise: 0.1 },
      seed: 3,
    });
    if (p.kind !== 'points') throw new Error('expected points');
    const encode = encoder(p, ['y', 'x']);
    expect([...encode.encode(['0.25', '-1.5']).x]).toEqual([-1.5, 0.25]);
  });
});
