/**
 * CSV fixtures for the table import: a learnable 3-class table with numeric and categorical
 * columns, a file with ragged rows, and a regression table. Values come from seeded formulas.
 */
import { createRng, type Rng } from '../../src/core/data/rng';

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

interface Fruit {
  label: string;
  length: [mean: number, sd: number];
  width: [mean: number, sd: number];
  colors: readonly string[];
}

/** Distinct enough that a small model separates them (>90%), overlapping enough to need training. */
const FRUITS: readonly Fruit[] = [
  { label: 'apple', length: [8, 0.8], width: [7.5, 0.8], colors: ['red', 'green', 'yellow'] },
  { label: 'banana', length: [18, 2], width: [3.5, 0.5], colors: ['yellow', 'yellow', 'green'] },
  { label: 'cherry', length: [2.2, 0.3], width: [2, 0.3], colors: ['red', 'red', 'red'] },
];
const GOOD_HEADER = 'length_cm,width_cm,weight_g,color,label';

function fruitRow(fruit: Fruit, rng: Rng): string {
  const length = Math.max(0.5, fruit.length[0] + fruit.length[1] * rng.normal());
  const width = Math.max(0.5, fruit.width[0] + fruit.width[1] * rng.normal());
  const weight = 0.6 * length * width * width * (0.9 + 0.2 * rng.next());
  const color = fruit.colors[rng.int(fruit.colors.length)] as string;
  return [round(length, 2), round(width, 2), round(weight, 1), color, fruit.label].join(',');
}

/** 300 rows, 100 per class, in random order. */
export function goodCsv(): string {
  const rng = createRng(300);
  const rows = Array.from({ length: 300 }, (_, i) => ({
    key: rng.next(),
    text: fruitRow(FRUITS[i % FRUITS.length] as Fruit, rng),
  }));
  rows.sort((a, b) => a.key - b.key);
  return [GOOD_HEADER, ...rows.map((row) => row.text)].join('\n') + '\n';
}

/** Line numbers (1-based, header = line 1) of the rows whose field count is wrong. */
export const MALFORMED_LINES = { tooFew: 5, tooMany: 9 } as const;

/** The good table's header and 11 rows, two of them ragged (see MALFORMED_LINES). */
export function malformedCsv(): string {
  const rng = createRng(9);
  const lines = [GOOD_HEADER];
  for (let line = 2; line <= 12; line++) {
    const fields = fruitRow(FRUITS[line % FRUITS.length] as Fruit, rng).split(',');
    if (line === MALFORMED_LINES.tooFew) fields.splice(2, 1);
    if (line === MALFORMED_LINES.tooMany) fields.push('extra');
    lines.push(fields.join(','));
  }
  return lines.join('\n') + '\n';
}

const DISTRICTS = { north: 40, south: 0, east: 15 } as const;

/** 250 flats: price_k from area, rooms, age and district, plus noise (R^2 of a linear fit ~0.95). */
export function regressionCsv(): string {
  const rng = createRng(250);
  const names = Object.keys(DISTRICTS) as (keyof typeof DISTRICTS)[];
  const lines = ['area_m2,rooms,age_years,district,price_k'];
  for (let i = 0; i < 250; i++) {
    const area = 30 + 120 * rng.next();
    const rooms = Math.max(1, Math.round(area / 28 + rng.normal() * 0.6));
    const age = Math.floor(60 * rng.next());
    const district = names[rng.int(names.length)] as keyof typeof DISTRICTS;
    const price = 50 + 2.4 * area + 8 * rooms - 0.9 * age + DISTRICTS[district] + 12 * rng.normal();
    lines.push([round(area, 1), rooms, age, district, round(price, 1)].join(','));
  }
  return lines.join('\n') + '\n';
}
