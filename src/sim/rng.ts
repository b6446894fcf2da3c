// Seeded pseudo-random streams for the simulator (sfc32 over a 128-bit string hash).
// Every stream is named by a path (`${seed}/${hostname}/${zonename}/...`), so a node's
// results never depend on which other nodes exist or which worker runs it. Pure
// TypeScript; runs anywhere.

/** Four 32-bit words from a string: a small multiply-xorshift hash, one lane per word. */
function hash128(s: string): [number, number, number, number] {
  let h1 = 0x6a09e667 ^ s.length;
  let h2 = 0xbb67ae85 ^ s.length;
  let h3 = 0x3c6ef372 ^ s.length;
  let h4 = 0xa54ff53a ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ c, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ c, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ c, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ c, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A deterministic stream of numbers named by `path`. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly path: string) {
    [this.a, this.b, this.c, this.d] = hash128(path);
    // Warm up so that similar paths diverge at once.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** The stream for a node: `${seed}/${hostname}`. */
  static forNode(seed: number, hostname: string): Rng {
    return new Rng(`${seed}/${hostname}`);
  }

  /** An independent sub-stream (per zone, per workload, ...). */
  derive(name: string | number): Rng {
    return new Rng(`${this.path}/${name}`);
  }

  /** Uniform integer in [0, 2^32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Exponentially distributed with the given mean (inter-arrival times of a Poisson process). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Uniform in [mean·(1-spread), mean·(1+spread)]. */
  around(mean: number, spread: number): number {
    return mean * (1 - spread + 2 * spread * this.float());
  }
}
