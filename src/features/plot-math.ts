/**
 * The pure arithmetic behind the data plot, the canvases and the network diagram: backing-store
 * sizes, point radii, heatmap pixels, diagram labels. Kept free of the DOM so it is unit-tested in
 * Node; the components only draw. Scales and ticks are core/chart's, shared with the SVG export.
 */
import type { Rgb } from './palette';
import { counted } from '../core/plural';

/** Canvas backing-store pixels for a CSS length, so lines stay sharp on high-DPI screens. */
export const backingSize = (cssPixels: number, dpr: number): number =>
  Math.max(1, Math.round(cssPixels * (dpr > 0 ? dpr : 1)));

/** Point radius in CSS pixels: smaller as points crowd the plot, but never too small to see. */
export function pointRadius(count: number, side: number): number {
  const spacing = side / Math.sqrt(Math.max(1, count));
  return Math.min(4, Math.max(1.5, spacing * 0.25));
}

/**
 * Opacity of a decision-region cell: faint where the model is at chance (pmax = 1/k), stronger as
 * it grows sure, capped so points drawn on top stay visible.
 */
export function confidenceAlpha(pmax: number, numClasses: number): number {
  if (!Number.isFinite(pmax)) return 0;
  const chance = 1 / Math.max(2, numClasses);
  const sureness = Math.min(1, Math.max(0, (pmax - chance) / (1 - chance)));
  return 0.15 + 0.6 * sureness;
}

/**
 * RGBA pixels of the decision regions: each cell in its argmax class colour with confidenceAlpha,
 * non-premultiplied as ImageData wants, so the canvas blends it over whatever background is set.
 */
export function fillHeatmap(
  out: Uint8ClampedArray,
  probabilities: Float32Array,
  numClasses: number,
  colorOf: (cls: number) => Rgb,
): void {
  const cells = Math.min(out.length / 4, probabilities.length / numClasses);
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * numClasses;
    let best = 0;
    let pmax = probabilities[base] as number;
    for (let c = 1; c < numClasses; c++) {
      const p = probabilities[base + c] as number;
      if (p > pmax) {
        pmax = p;
        best = c;
      }
    }
    const [r, g, b] = colorOf(best);
    const at = cell * 4;
    out[at] = r;
    out[at + 1] = g;
    out[at + 2] = b;
    out[at + 3] = Math.round(255 * confidenceAlpha(pmax, numClasses));
  }
}

/** Units a diagram column draws: all up to `max`, else one fewer and a "+hidden" slot. */
export function visibleUnits(size: number, max = 10): { shown: number; hidden: number } {
  if (size <= max) return { shown: Math.max(0, size), hidden: 0 };
  return { shown: max - 1, hidden: size - (max - 1) };
}

/** "16", "16 and 8", "16, 16 and 8". */
function listOf(values: readonly number[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${String(values.at(-1))}`;
}

function hiddenPhrase(hidden: readonly number[]): string {
  if (hidden.length === 0) return 'no hidden layers';
  const units = hidden.length === 1 && hidden[0] === 1 ? 'unit' : 'units';
  return `${counted(hidden.length, 'hidden layer')} of ${listOf(hidden)} ${units}`;
}

/** What a screen reader says for the diagram: sizes of input, hidden layers and output. */
export function describeNetwork(layerSizes: readonly number[]): string {
  const [input, ...rest] = layerSizes;
  const output = rest.at(-1);
  if (input === undefined) return 'Network: no layers';
  const inputs = counted(input, 'input');
  if (output === undefined) return `Network: ${inputs}`;
  const outputs = counted(output, 'output');
  return `Network: ${inputs}, ${hiddenPhrase(rest.slice(0, -1))}, ${outputs}`;
}
