/**
 * Paints RGBA pixels onto one of the capture page's small canvases, kept in memory rather than on
 * the GPU: painting a GPU canvas ten times a second made the page wait for the GPU process at
 * each frame's end, once for 1.3 s while a backend measurement on WebGPU kept that process busy.
 */
export function paintRgba(
  canvas: HTMLCanvasElement,
  rgba: Uint8ClampedArray<ArrayBuffer>,
  width: number,
): void {
  canvas
    .getContext('2d', { willReadFrequently: true })
    ?.putImageData(new ImageData(rgba, width), 0, 0);
}
