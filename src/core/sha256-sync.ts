/**
 * SHA-256 computed synchronously (FIPS 180-4), for a file whose hash must be written into another
 * file of the same export while it is assembled (the training project's data.npz). Everything
 * that can wait uses SubtleCrypto (hash.ts).
 */
const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

type Words8 = [number, number, number, number, number, number, number, number];
const words8 = (x: Uint32Array): Words8 => [
  x[0] ?? 0,
  x[1] ?? 0,
  x[2] ?? 0,
  x[3] ?? 0,
  x[4] ?? 0,
  x[5] ?? 0,
  x[6] ?? 0,
  x[7] ?? 0,
];

/** The SHA-256 of `bytes` as lower-case hex. */
export function sha256HexSync(bytes: Uint8Array): string {
  const h = Uint32Array.from([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const tail = new Uint8Array(blocks * 64 - Math.floor(bytes.length / 64) * 64);
  const rest = bytes.length % 64;
  tail.set(bytes.subarray(bytes.length - rest));
  tail[rest] = 0x80;
  const tailView = new DataView(tail.buffer);
  const bits = bytes.length * 8;
  tailView.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32), false);
  tailView.setUint32(tail.length - 4, bits >>> 0, false);
  const full = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fullBlocks = Math.floor(bytes.length / 64);
  const w = new Uint32Array(64);
  for (let block = 0; block < blocks; block++) {
    const [view, offset] =
      block < fullBlocks ? [full, block * 64] : [tailView, (block - fullBlocks) * 64];
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4, false);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16] as number) + s0 + (w[i - 7] as number) + s1;
    }
    let [a, b, c, d, e, f, g, hh] = words8(h);
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + (K[i] as number) + (w[i] as number)) | 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => (h[i] = (h[i] as number) + value));
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}
