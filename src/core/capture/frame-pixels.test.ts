import { describe, expect, it } from 'vitest';
import {
  evenCentreSquare,
  paintStored,
  rgbaToFrame,
  shrinkMirrored,
  unitToBytes,
} from './frame-pixels';

describe('rgbaToFrame', () => {
  const rgba = new Uint8ClampedArray([
    255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 128, 10, 20, 30, 0,
  ]);

  it('keeps red, green and blue, dropping alpha', () => {
    expect([...rgbaToFrame(rgba, 3)]).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
  });

  it('makes one luma byte per pixel for gray', () => {
    expect([...rgbaToFrame(rgba, 1)]).toEqual([76, 150, 29, 18]);
  });
});

describe('unitToBytes', () => {
  it('scales [0, 1] to 0-255 and clamps what lies outside', () => {
    expect([...unitToBytes(new Float32Array([0, 0.5, 1, 1.5, -0.2]))]).toEqual([
      0, 128, 255, 255, 0,
    ]);
  });
});

describe('paintStored', () => {
  it('paints a gray frame gray and keeps alpha', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 200, 0, 0, 255, 255]);
    const frame = rgbaToFrame(rgba, 1);
    paintStored(rgba, frame, 1);
    expect([...rgba]).toEqual([76, 76, 76, 200, 29, 29, 29, 255]);
  });

  it('leaves an RGB frame as the camera gave it', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255]);
    paintStored(rgba, rgbaToFrame(rgba, 3), 3);
    expect([...rgba]).toEqual([255, 0, 0, 255]);
  });
});

describe('evenCentreSquare', () => {
  it('keeps corners and side even, as a 4:2:0 frame needs', () => {
    expect(evenCentreSquare(320, 240)).toEqual({ sx: 40, sy: 0, side: 240 });
    expect(evenCentreSquare(321, 239)).toEqual({ sx: 40, sy: 0, side: 238 });
    expect(evenCentreSquare(240, 330)).toEqual({ sx: 0, sy: 44, side: 240 });
    expect(evenCentreSquare(1, 1).side).toBe(2);
  });
});

describe('shrinkMirrored', () => {
  /** A side x side RGBA square whose red is twice its column and green twice its row. */
  const ramp = (side: number) => {
    const rgba = new Uint8ClampedArray(side * side * 4);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) rgba.set([2 * x, 2 * y, 7, 255], (y * side + x) * 4);
    }
    return rgba;
  };

  it('averages each block and mirrors left to right', () => {
    const out = shrinkMirrored(ramp(4), 4, 2);
    // Top left of the output is the top right block of the input: columns 2-3, rows 0-1.
    expect([...out.subarray(0, 4)]).toEqual([5, 1, 7, 255]);
    expect([...out.subarray(4, 8)]).toEqual([1, 1, 7, 255]);
    expect([...out.subarray(8, 12)]).toEqual([5, 5, 7, 255]);
  });

  it('covers a side that the size does not divide, every pixel once', () => {
    const side = 240;
    const flat = new Uint8ClampedArray(side * side * 4).fill(90);
    const out = shrinkMirrored(flat, side, 64);
    expect(out.length).toBe(64 * 64 * 4);
    expect(out.every((v) => v === 90)).toBe(true);
  });

  it('repeats pixels when the square is smaller than the frame', () => {
    const out = shrinkMirrored(ramp(2), 2, 4);
    expect([...out.subarray(0, 16)].filter((_, i) => i % 4 === 0)).toEqual([2, 2, 0, 0]);
  });
});
