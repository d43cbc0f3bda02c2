import { describe, expect, it } from 'vitest';
import { centreSquare, rgbaToFrame, unitToBytes } from './frame-pixels';

describe('centreSquare', () => {
  it('takes the middle of a landscape or portrait picture', () => {
    expect(centreSquare(640, 480)).toEqual({ sx: 80, sy: 0, side: 480 });
    expect(centreSquare(480, 640)).toEqual({ sx: 0, sy: 80, side: 480 });
    expect(centreSquare(101, 100)).toEqual({ sx: 0, sy: 0, side: 100 });
  });
});

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
