import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DataFormatError, LimitExceededError } from '../../errors';
import { IMAGE_LIMITS, sniffImage } from './image-header';
import { bmp, gif, jpeg, png, webp } from './test-fixtures';

function formatError(bytes: Uint8Array, name?: string): DataFormatError {
  const result = sniffImage(bytes, name);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  expect(result.error).toBeInstanceOf(DataFormatError);
  return result.error as DataFormatError;
}

function limitOf(bytes: Uint8Array): string | undefined {
  const result = sniffImage(bytes);
  expect(!result.ok && result.error).toBeInstanceOf(LimitExceededError);
  return result.ok ? undefined : (result.error as LimitExceededError).limit;
}

describe('sniffImage', () => {
  it.each([
    ['png', png(640, 480)],
    ['jpeg', jpeg(640, 480)],
    ['gif', gif(640, 480)],
    ['bmp', bmp(640, 480)],
    ['webp', webp('VP8 ', 640, 480)],
    ['webp', webp('VP8L', 640, 480)],
    ['webp', webp('VP8X', 640, 480)],
  ])('reads the size of a %s from its header', (format, bytes) => {
    expect(sniffImage(bytes)).toEqual({ ok: true, value: { format, width: 640, height: 480 } });
  });

  it('reads a top-down BMP (negative height) as its height', () => {
    const result = sniffImage(bmp(4, -3));
    expect(result.ok && result.value.height).toBe(3);
  });

  it('accepts a name whose extension matches, in any case', () => {
    expect(sniffImage(jpeg(8, 8), 'photos/CAT.JPG').ok).toBe(true);
    expect(sniffImage(png(8, 8), 'cat.png').ok).toBe(true);
  });

  it('refuses bytes that are not an image', () => {
    const error = formatError(new TextEncoder().encode('hello, world'), 'notes.txt');
    expect(error.reason).toBe('not-image');
    expect(error.message).toContain('notes.txt');
  });

  it('refuses a name that claims another format than the bytes, naming both', () => {
    const error = formatError(jpeg(8, 8), 'cat.png');
    expect(error.reason).toBe('extension-mismatch');
    expect(error.message).toContain('cat.png');
    expect(error.message).toContain('PNG');
    expect(error.message).toContain('JPEG');
  });

  it('refuses an image name on bytes that are no image', () => {
    const error = formatError(new TextEncoder().encode('<html></html>'), 'cat.png');
    expect(error.reason).toBe('extension-mismatch');
    expect(error.message).toContain('cat.png');
  });

  it('refuses a PNG without IEND', () => {
    expect(formatError(png(8, 8, { iend: false })).reason).toBe('truncated-image');
  });

  it('refuses a PNG cut inside a chunk', () => {
    expect(formatError(png(8, 8).subarray(0, 100)).reason).toBe('truncated-image');
  });

  it('refuses a PNG cut inside its header', () => {
    expect(formatError(png(8, 8).subarray(0, 20)).reason).toBe('truncated-image');
  });

  it('refuses a JPEG without its EOI marker', () => {
    expect(formatError(jpeg(8, 8, { eoi: false })).reason).toBe('truncated-image');
  });

  it('refuses a JPEG cut inside a segment', () => {
    expect(formatError(jpeg(8, 8).subarray(0, 30)).reason).toBe('truncated-image');
  });

  it('refuses a WebP shorter than its RIFF size', () => {
    const whole = webp('VP8L', 8, 8);
    expect(formatError(whole.subarray(0, whole.length - 4)).reason).toBe('truncated-image');
  });

  it('refuses a BMP shorter than its declared file size', () => {
    const whole = bmp(16, 16);
    expect(formatError(whole.subarray(0, whole.length - 10)).reason).toBe('truncated-image');
  });

  it('refuses a few-KB PNG declaring 60000x60000 from its header alone', () => {
    const bomb = png(60000, 60000);
    expect(bomb.length).toBeLessThan(4096);
    expect(limitOf(bomb)).toBe('pixels');
  });

  it('allows the largest side and refuses one pixel more', () => {
    expect(sniffImage(png(IMAGE_LIMITS.maxSide, 10)).ok).toBe(true);
    expect(limitOf(png(IMAGE_LIMITS.maxSide + 1, 10))).toBe('pixels');
  });

  it('refuses more pixels than allowed even when each side fits', () => {
    expect(limitOf(gif(8000, 6000))).toBe('pixels');
  });

  it('refuses files over the byte limit', () => {
    const huge = new Uint8Array(IMAGE_LIMITS.maxBytes + 1);
    huge.set(png(8, 8));
    expect(limitOf(huge)).toBe('bytes');
  });

  it('refuses a zero-sized image', () => {
    expect(formatError(gif(0, 10)).reason).toBe('bad-image');
  });

  it('never throws on damaged images', () => {
    const samples = [png(30, 20), jpeg(30, 20), gif(30, 20), bmp(30, 20), webp('VP8X', 30, 20)];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(300), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(300),
        (sample, edits, cut) => {
          const damaged = sample.slice(0, cut);
          for (const [at, value] of edits) if (at < damaged.length) damaged[at] = value;
          expect(typeof sniffImage(damaged, 'x.png').ok).toBe('boolean');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
