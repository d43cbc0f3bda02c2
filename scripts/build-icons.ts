/**
 * Draws the app's PNG icons into public/icons/ from the same shapes as public/favicon.svg (a blue
 * rounded square with a white learning curve): 192 and 512 px for the manifest and home screens,
 * and a 512 px maskable one whose curve stays inside the central safe circle. The PNGs are
 * committed; run this again after changing the drawing: npx tsx scripts/build-icons.ts
 */
import { join } from 'node:path';
import { REPO_ROOT } from './lib/paths';
import { encodePng } from './lib/png';
import { report, writeOutput } from './lib/outputs';

type Point = readonly [number, number];

/** favicon.svg works in a 32-unit box. */
const BOX = 32;
const CORNER_RADIUS = 7;
const STROKE_WIDTH = 3;
const BLUE = [0x0b, 0x6b, 0xcb] as const;
/** Maskable icons may be cut to a circle of 80% of the side: the curve is shrunk to fit in it. */
const MASKABLE_SCALE = 0.7;
/** Samples per pixel side: 4x4 gives smooth edges at every size. */
const SUPERSAMPLE = 4;

/** `M6 24 C12 24 12 8 18 8 S24 18 26 18`, the S written out as its C. */
const CURVE: readonly (readonly [Point, Point, Point, Point])[] = [
  [
    [6, 24],
    [12, 24],
    [12, 8],
    [18, 8],
  ],
  [
    [18, 8],
    [24, 8],
    [24, 18],
    [26, 18],
  ],
];

function cubic(p: readonly [Point, Point, Point, Point], t: number): Point {
  const u = 1 - t;
  const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [
    a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0],
    a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1],
  ];
}

function polyline(scale: number): Point[] {
  const points: Point[] = [];
  for (const segment of CURVE) {
    for (let i = 0; i <= 64; i++) {
      const [x, y] = cubic(segment, i / 64);
      points.push([BOX / 2 + (x - BOX / 2) * scale, BOX / 2 + (y - BOX / 2) * scale]);
    }
  }
  return points;
}

function distanceToSegment(x: number, y: number, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / length2));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}

interface Stroke {
  line: readonly Point[];
  halfWidth: number;
  /** The line's bounding box grown by the half width: most samples fall outside it. */
  box: { x0: number; y0: number; x1: number; y1: number };
}

function stroke(line: readonly Point[], halfWidth: number): Stroke {
  const xs = line.map((p) => p[0]);
  const ys = line.map((p) => p[1]);
  return {
    line,
    halfWidth,
    box: {
      x0: Math.min(...xs) - halfWidth,
      y0: Math.min(...ys) - halfWidth,
      x1: Math.max(...xs) + halfWidth,
      y1: Math.max(...ys) + halfWidth,
    },
  };
}

function onStroke(x: number, y: number, { line, halfWidth, box }: Stroke): boolean {
  if (x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1) return false;
  for (let i = 1; i < line.length; i++) {
    if (distanceToSegment(x, y, line[i - 1] as Point, line[i] as Point) <= halfWidth) return true;
  }
  return false;
}

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), BOX - radius);
  const cy = Math.min(Math.max(y, radius), BOX - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** RGBA pixels: transparent outside the square, blue inside, white on the curve. */
function drawIcon(size: number, maskable: boolean): Uint8Array {
  const scale = maskable ? MASKABLE_SCALE : 1;
  const curve = stroke(polyline(scale), (STROKE_WIDTH / 2) * scale);
  const radius = maskable ? 0 : CORNER_RADIUS;
  const pixels = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let white = 0;
      for (let s = 0; s < samples; s++) {
        const x = ((px + ((s % SUPERSAMPLE) + 0.5) / SUPERSAMPLE) * BOX) / size;
        const y = ((py + (Math.floor(s / SUPERSAMPLE) + 0.5) / SUPERSAMPLE) * BOX) / size;
        if (!insideRoundedSquare(x, y, radius)) continue;
        covered++;
        if (onStroke(x, y, curve)) white++;
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      // Colour averaged over the covered samples; coverage of the square becomes alpha.
      for (let c = 0; c < 3; c++) {
        pixels[o + c] = Math.round(
          ((covered - white) * (BLUE[c] as number) + white * 255) / covered,
        );
      }
      pixels[o + 3] = Math.round((covered / samples) * 255);
    }
  }
  return pixels;
}

const OUT_DIR = join(REPO_ROOT, 'public/icons');
const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

for (const { file, size, maskable } of ICONS) {
  const path = join(OUT_DIR, file);
  writeOutput(
    path,
    encodePng({ width: size, height: size, channels: 4, pixels: drawIcon(size, maskable) }),
  );
  console.log(report(path, 'wrote'));
}
