/** Builders of small binary files for the format tests: tar, stored ZIP, IDX and image headers. */
import { crc32 } from './crc32';

const ascii = (text: string) => new TextEncoder().encode(text);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const u16le = (n: number) => new Uint8Array([n & 0xff, (n >>> 8) & 0xff]);
const u32le = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const u32be = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
};

export interface TarFile {
  path: string;
  bytes: Uint8Array;
  /** ustar type flag; '0' (regular file) unless told. */
  type?: string;
}

/** A ustar archive; names longer than 100 bytes go to the prefix field. */
export function writeTar(files: TarFile[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const file of files) {
    const header = new Uint8Array(512);
    const split = file.path.length > 100 ? file.path.lastIndexOf('/') : -1;
    header.set(ascii(split >= 0 ? file.path.slice(split + 1) : file.path), 0);
    if (split >= 0) header.set(ascii(file.path.slice(0, split)), 345);
    header.set(ascii('0000644\0'), 100);
    header.set(ascii('0000000\0'), 108);
    header.set(ascii('0000000\0'), 116);
    header.set(ascii(file.bytes.length.toString(8).padStart(11, '0') + '\0'), 124);
    header.set(ascii('00000000000\0'), 136);
    header.set(ascii(file.type ?? '0'), 156);
    header.set(ascii('ustar\0'), 257);
    header.set(ascii('00'), 263);
    header.set(ascii('        '), 148);
    const sum = header.reduce((a, b) => a + b, 0);
    header.set(ascii(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    blocks.push(header, file.bytes, new Uint8Array((512 - (file.bytes.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return concat(...blocks);
}

/** A ZIP of stored entries; with `zip64`, sizes sit in a zip64 extra field of the directory. */
export function writeStoredZip(
  files: { path: string; bytes: Uint8Array }[],
  options: { zip64?: boolean } = {},
): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = ascii(file.path);
    const crc = crc32(file.bytes);
    const size = file.bytes.length;
    const common = concat(
      u16le(20),
      u16le(0),
      u16le(0),
      u32le(0),
      u32le(crc),
      u32le(size),
      u32le(size),
      u16le(name.length),
    );
    const local = concat(u32le(0x04034b50), common, u16le(0), name, file.bytes);
    const sizeField = options.zip64 ? 0xffffffff : size;
    const extra = options.zip64
      ? concat(u16le(1), u16le(16), u32le(size), u32le(0), u32le(size), u32le(0))
      : new Uint8Array(0);
    centrals.push(
      concat(
        u32le(0x02014b50),
        u16le(20),
        u16le(20),
        u16le(0),
        u16le(0),
        u32le(0),
        u32le(crc),
        u32le(sizeField),
        u32le(sizeField),
        u16le(name.length),
        u16le(extra.length),
        u16le(0),
        u16le(0),
        u16le(0),
        u32le(0),
        u32le(offset),
        name,
        extra,
      ),
    );
    locals.push(local);
    offset += local.length;
  }
  const directory = concat(...centrals);
  const end = concat(
    u32le(0x06054b50),
    u16le(0),
    u16le(0),
    u16le(files.length),
    u16le(files.length),
    u32le(directory.length),
    u32le(offset),
    u16le(0),
  );
  return concat(...locals, directory, end);
}

/** An IDX file of unsigned bytes. */
export function writeIdx(dims: number[], data: Uint8Array): Uint8Array {
  return concat(new Uint8Array([0, 0, 0x08, dims.length]), ...dims.map(u32be), data);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(ascii(type), data);
  return concat(u32be(data.length), typeAndData, u32be(crc32(typeAndData)));
}

/** A PNG with an IHDR declaring `width` x `height`, some IDAT bytes and (unless told) IEND. */
export function png(width: number, height: number, options: { iend?: boolean } = {}): Uint8Array {
  const ihdr = concat(u32be(width), u32be(height), new Uint8Array([8, 2, 0, 0, 0]));
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', new Uint8Array(200).fill(7)),
    options.iend === false ? new Uint8Array(0) : pngChunk('IEND', new Uint8Array(0)),
  );
}

const u16be = (n: number) => new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);

/** A baseline JPEG skeleton: SOI, APP0, SOF0, SOS, scan data (with a stuffed ff 00), EOI. */
export function jpeg(width: number, height: number, options: { eoi?: boolean } = {}): Uint8Array {
  const segment = (marker: number, body: Uint8Array) =>
    concat(new Uint8Array([0xff, marker]), u16be(body.length + 2), body);
  return concat(
    new Uint8Array([0xff, 0xd8]),
    segment(0xe0, concat(ascii('JFIF\0'), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0]))),
    segment(
      0xc0,
      concat(new Uint8Array([8]), u16be(height), u16be(width), new Uint8Array([1, 1, 0x11, 0])),
    ),
    segment(0xda, new Uint8Array([1, 1, 0, 0, 63, 0])),
    new Uint8Array([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
    options.eoi === false ? new Uint8Array(0) : new Uint8Array([0xff, 0xd9]),
  );
}

export function gif(width: number, height: number): Uint8Array {
  return concat(ascii('GIF89a'), u16le(width), u16le(height), new Uint8Array([0, 0, 0, 0x3b]));
}

export function bmp(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(Math.ceil((width * 3) / 4) * 4 * Math.abs(height));
  const fileSize = 54 + pixels.length;
  return concat(
    ascii('BM'),
    u32le(fileSize),
    u32le(0),
    u32le(54),
    u32le(40),
    u32le(width),
    u32le(height >>> 0),
    u16le(1),
    u16le(24),
    new Uint8Array(24),
    pixels,
  );
}

/** A WebP of the given flavour; only its headers are meaningful. */
export function webp(kind: 'VP8 ' | 'VP8L' | 'VP8X', width: number, height: number): Uint8Array {
  let chunk: Uint8Array;
  if (kind === 'VP8 ') {
    chunk = concat(new Uint8Array([0, 0, 0, 0x9d, 0x01, 0x2a]), u16le(width), u16le(height));
  } else if (kind === 'VP8L') {
    chunk = concat(new Uint8Array([0x2f]), u32le((width - 1) | ((height - 1) << 14)));
  } else {
    const u24 = (n: number) => new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff]);
    chunk = concat(new Uint8Array(4), u24(width - 1), u24(height - 1));
  }
  const body = concat(chunk, new Uint8Array(16));
  const payload = concat(ascii('WEBP'), ascii(kind), u32le(body.length), body);
  return concat(ascii('RIFF'), u32le(payload.length), payload);
}
