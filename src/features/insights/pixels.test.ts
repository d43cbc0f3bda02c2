import { describe, expect, it } from 'vitest';
import { channelRgba, exampleRgba } from './pixels';

describe('exampleRgba', () => {
  it('shows one channel as grey and picks the example by index', () => {
    const x = Uint8Array.of(1, 2, 10, 20);
    expect(Array.from(exampleRgba(x, 1, [1, 2, 1]))).toEqual([10, 10, 10, 255, 20, 20, 20, 255]);
  });

  it('keeps colour channels and scales float values to 0-255', () => {
    const x = Float32Array.of(1, 0, 0.5);
    expect(Array.from(exampleRgba(x, 0, [1, 1, 3]))).toEqual([255, 0, 128, 255]);
  });
});

describe('channelRgba', () => {
  it('stretches each channel on its own from black to white', () => {
    // 1 x 3 pixels, 2 channels: channel 0 is 0, 5, 10; channel 1 is -1, -1, 1.
    const values = Float32Array.of(0, -1, 5, -1, 10, 1);
    expect(Array.from(channelRgba(values, [1, 3, 2], 0))).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255,
    ]);
    expect(Array.from(channelRgba(values, [1, 3, 2], 1))).toEqual([
      0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255,
    ]);
  });

  it('shows a constant channel as black', () => {
    expect(Array.from(channelRgba(Float32Array.of(3, 3), [1, 2, 1], 0))).toEqual([
      0, 0, 0, 255, 0, 0, 0, 255,
    ]);
  });
});
