import { describe, expect, it } from 'vitest';
import { readCsv } from './import-csv';

describe('readCsv', () => {
  it('decodes a UTF-8 file with a BOM and CRLF line ends', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('name,size\r\nçà,1\r\nb,2\r\n'),
    ]);
    const result = readCsv(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.encoding).toBe('utf-8');
    expect(result.value.header).toEqual(['name', 'size']);
    expect(result.value.rows).toEqual([
      ['çà', '1'],
      ['b', '2'],
    ]);
  });

  it('reads Latin-1 bytes as windows-1252', () => {
    const bytes = Uint8Array.from([...'ville;n\ncaf', 0xe9, ...';1\n'].map(toByte));
    const result = readCsv(bytes);
    expect(result.ok && result.value.encoding).toBe('windows-1252');
    expect(result.ok && result.value.rows).toEqual([['café', '1']]);
  });

  it('reads UTF-16 LE without a BOM', () => {
    const text = 'x\ty\n1\t2\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) bytes[2 * i] = text.charCodeAt(i);
    const result = readCsv(bytes);
    expect(result.ok && result.value).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      header: ['x', 'y'],
      rows: [['1', '2']],
    });
  });

  it('refuses a file over the byte limit before decoding it', () => {
    const result = readCsv(new Uint8Array(2048), { bytes: 1024 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('limit-exceeded');
    expect(result.error.message).toContain('The file is 2048 bytes');
  });

  it('refuses an empty file', () => {
    const result = readCsv(new Uint8Array(0));
    expect(!result.ok && result.error.code === 'data-format' && result.error.reason).toBe(
      'empty-file',
    );
  });
});

function toByte(c: string | number): number {
  return typeof c === 'number' ? c : c.charCodeAt(0);
}
