/** A small seeded PRNG (sfc32 seeded through splitmix32), so every random choice can be replayed. */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n), for a positive integer n. */
  int(n: number): number;
}

const TWO_POW_32 = 2 ** 32;

/** Seeds are stored as any JSON number; the generator needs a uint32. */
const toUint32 = (value: number): number => Math.trunc(value) >>> 0;

/** splitmix32's finaliser: nearby inputs (seeds 1 and 2) map to unrelated words. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  let a = mix32(toUint32(seed));
  let b = mix32(a);
  let c = mix32(b);
  let d = 1;
  const word = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32's own recommendation: discard the first outputs so the state is well mixed.
  for (let i = 0; i < 12; i++) word();

  const next = (): number => word() / TWO_POW_32;
  let spare: number | null = null;
  return {
    next,
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      // Box-Muller; 1 - next() is in (0, 1], so the log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    int: (n) => Math.floor(next() * n),
  };
}

/** An independent uint32 seed for a sub-stream, e.g. deriveSeed(seed, SHUFFLE, epoch). */
export function deriveSeed(seed: number, ...salts: number[]): number {
  let h = mix32(toUint32(seed));
  for (const salt of salts) h = mix32(h ^ mix32(toUint32(salt) ^ 0x5bd1e995));
  return h;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const held = out[i] as number;
    out[i] = out[j] as number;
    out[j] = held;
  }
  return out;
}
