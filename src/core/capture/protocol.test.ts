import { describe, expect, it } from 'vitest';
import { parseFramesCommand, parseFramesEvent } from './protocol';

const frame = (viewBytes: number, pixelBytes: number) => ({
  type: 'frame',
  requestId: 3,
  view: new Uint8ClampedArray(viewBytes),
  pixels: new Uint8Array(pixelBytes),
});

describe('frames worker events', () => {
  it('takes a frame of one or three bytes per pixel of its view', () => {
    expect(parseFramesEvent(frame(2 * 2 * 4, 2 * 2)).ok).toBe(true);
    expect(parseFramesEvent(frame(2 * 2 * 4, 2 * 2 * 3)).ok).toBe(true);
  });

  it('refuses a frame whose bytes do not match its view', () => {
    const read = parseFramesEvent(frame(2 * 2 * 4, 5));
    expect(read.ok).toBe(false);
    expect(parseFramesEvent(frame(0, 0)).ok).toBe(false);
  });

  it('refuses a view on a shared buffer, which cannot back an ImageData', () => {
    const shared = new Uint8ClampedArray(new SharedArrayBuffer(16));
    expect(parseFramesEvent({ ...frame(16, 4), view: shared }).ok).toBe(false);
  });

  it('takes an error with or without its request', () => {
    const error = { name: 'DataFormatError', code: 'data-format', message: 'empty' };
    expect(parseFramesEvent({ type: 'error', requestId: 1, error }).ok).toBe(true);
    expect(parseFramesEvent({ type: 'error', error }).ok).toBe(true);
  });
});

describe('frames worker commands', () => {
  it('refuses a picture that is not a VideoFrame, naming it', () => {
    const read = parseFramesCommand({
      type: 'read',
      requestId: 1,
      picture: { width: 64, height: 64 },
      size: 64,
      channels: 3,
    });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.message).toMatch(/at picture/);
  });
});
