import { describe, expect, it } from 'vitest';
import type { PackedHeader } from '../../core/data/packed';
import { captureFormatOf } from './extendable';

const header = (patch: Partial<PackedHeader>): PackedHeader => ({
  name: 'shapes',
  kind: 'image',
  task: 'classification',
  count: 10,
  inputShape: [28, 28, 1],
  xType: 'uint8',
  classNames: ['circle', 'square'],
  featureNames: [],
  ...patch,
});

describe('captureFormatOf', () => {
  it('gives the frame format of square gray or RGB images', () => {
    expect(captureFormatOf(header({}))).toEqual({ ok: true, value: { size: 28, channels: 1 } });
    expect(captureFormatOf(header({ inputShape: [64, 64, 3] }))).toEqual({
      ok: true,
      value: { size: 64, channels: 3 },
    });
  });

  it('refuses tables, regression, non-square and other channel counts, saying why', () => {
    const refused = (patch: Partial<PackedHeader>) => {
      const format = captureFormatOf(header(patch));
      return format.ok ? null : format.error;
    };
    expect(refused({ kind: 'tabular', inputShape: [4], xType: 'float32' })).toMatch(
      /not a set of images in classes/,
    );
    expect(refused({ task: 'regression', classNames: [] })).toMatch(/not a set of images/);
    expect(refused({ inputShape: [28, 32, 1] })).toMatch(/28 x 32 x 1 images/);
    expect(refused({ inputShape: [28, 28, 4] })).toMatch(/square gray or RGB/);
  });
});
