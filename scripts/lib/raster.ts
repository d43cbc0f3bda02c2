/** A tiny software canvas for drawing generated fixture images: filled rectangles, ellipses, polygons. */

export type Color = readonly number[];
export type Point = readonly [number, number];

export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly channels: number,
  ) {
    this.pixels = new Uint8Array(width * height * channels);
  }

  fill(color: Color): void {
    this.fillWhere(() => true, color);
  }

  fillRect(x0: number, y0: number, x1: number, y1: number, color: Color): void {
    this.fillWhere((x, y) => x >= x0 && x < x1 && y >= y0 && y < y1, color);
  }

  fillEllipse(cx: number, cy: number, rx: number, ry: number, color: Color): void {
    this.fillWhere((x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1, color);
  }

  fillPolygon(points: readonly Point[], color: Color): void {
    this.fillWhere((x, y) => insidePolygon(points, x, y), color);
  }

  /** Adds uniform noise in [-amount, amount] to every channel, clamped to 0..255. */
  addNoise(amount: number, random: () => number): void {
    for (let i = 0; i < this.pixels.length; i++) {
      const value = (this.pixels[i] as number) + Math.round((random() * 2 - 1) * amount);
      this.pixels[i] = Math.min(255, Math.max(0, value));
    }
  }

  /** Shapes are tested at pixel centres, so a shape covers the pixels whose centre it holds. */
  private fillWhere(inside: (x: number, y: number) => boolean, color: Color): void {
    if (color.length !== this.channels) {
      throw new RangeError(`colour has ${color.length} channels, raster has ${this.channels}`);
    }
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!inside(x + 0.5, y + 0.5)) continue;
        this.pixels.set(color, (y * this.width + x) * this.channels);
      }
    }
  }
}

/** Even-odd rule, by counting edge crossings of a ray towards +x. */
function insidePolygon(points: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as Point;
    const [xj, yj] = points[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
