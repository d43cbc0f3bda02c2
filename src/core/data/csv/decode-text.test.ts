import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text';

const utf16 = (text: string, littleEndian: boolean, bom: boolean): Uint8Array => {
  const units = (bom ? '\ufeff' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++) view.setUint16(2 * i, units.charCodeAt(i), littleEndian);
  return bytes;
};

describe('decodeText', () => {
  it('refuses an empty file, also one that is only a BOM', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.from([0xef, 0xbb, 0xbf])]) {
      const result = decodeText(bytes);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.reason).toBe('empty-file');
      expect(result.error.message).toMatch(/^The file is empty/);
    }
  });

  it('strips a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('café,x\n')]);
    expect(decodeText(bytes)).toEqual({ ok: true, value: { text: 'café,x\n', encoding: 'utf-8' } });
  });

  it('reads invalid UTF-8 as windows-1252 (0xE9 is é, 0x80 is €, 0x9F is Ÿ)', () => {
    const bytes = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x80, 0x9f, 0x81, 0xff, 0x0a]);
    expect(decodeText(bytes)).toEqual({
      ok: true,
      value: { text: 'café,€Ÿ\u0081ÿ\n', encoding: 'windows-1252' },
    });
  });

  it('reads UTF-16 LE and BE, with a BOM and without one', () => {
    const text = 'name,prix\nçà,1.5\n';
    for (const littleEndian of [true, false]) {
      for (const bom of [true, false]) {
        const result = decodeText(utf16(text, littleEndian, bom));
        expect(result).toEqual({
          ok: true,
          value: { text, encoding: littleEndian ? 'utf-16le' : 'utf-16be' },
        });
      }
    }
  });

  it('does not mistake UTF-8 text with a few NUL bytes for UTF-16', () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n3,\u00004\n');
    const result = decodeText(bytes);
    expect(result.ok && result.value.encoding).toBe('utf-8');
  });
});
