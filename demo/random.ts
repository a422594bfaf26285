/**
 * Seeded pseudo-random numbers for the demo generator. Every part of the world draws
 * from its own stream, forked by a label (a university code, a branch code), so one
 * branch's data does not shift when another branch changes and a run is reproducible
 * from the seed alone. sfc32 seeded through cyrb128: small, fast and well mixed.
 */

type HashState = [number, number, number, number];

const HASH_START: HashState = [1779033703, 3144134277, 1013904242, 2773480762];

/** Feeds `text` into a cyrb128 state (so a common prefix can be hashed once). */
function absorb(h: HashState, text: string): void {
  let [h1, h2, h3, h4] = h;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h[0] = h1;
  h[1] = h2;
  h[2] = h3;
  h[3] = h4;
}

/** Finishes a cyrb128 state in place: four 32-bit words of generator state. */
function finish(h: HashState): void {
  let [h1, h2, h3, h4] = h;
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  h[0] = h1 >>> 0;
  h[1] = h2 >>> 0;
  h[2] = h3 >>> 0;
  h[3] = h4 >>> 0;
}

/** 128-bit string hash (cyrb128) used to turn a seed and a label into generator state. */
function cyrb128(text: string): HashState {
  const h = HASH_START.slice() as HashState;
  absorb(h, text);
  finish(h);
  return h;
}

/** Working state of `restart`, reused: it runs once per written row. */
const scratch: HashState = [0, 0, 0, 0];

export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private readonly key: string;

  /** The hash state after `${key}/`, for `restart`. */
  private prefix: HashState | null = null;

  constructor(seed: number | string, label = '') {
    this.key = `${seed}/${label}`;
    this.seed(cyrb128(this.key));
  }

  private seed(state: HashState): void {
    // Discard the first outputs: sfc32 needs a few rounds to mix a hashed state. The
    // rounds are `next()`'s, run on locals (restart does this for every row written).
    let [a, b, c, d] = state;
    for (let i = 0; i < 12; i++) {
      a >>>= 0;
      b >>>= 0;
      c >>>= 0;
      d >>>= 0;
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** An independent stream for a part of the world, named by `label`. */
  fork(label: string): Random {
    return new Random(this.key, label);
  }

  /**
   * Restarts this generator as the stream `fork(label)` would return, without allocating
   * one: the export writers restart it for every row, keyed by the row's key, so that a
   * row is spelled the same whatever comes before it in its file.
   */
  restart(label: string): void {
    if (this.prefix === null) {
      this.prefix = HASH_START.slice() as HashState;
      absorb(this.prefix, `${this.key}/`);
    }
    const p = this.prefix;
    scratch[0] = p[0];
    scratch[1] = p[1];
    scratch[2] = p[2];
    scratch[3] = p[3];
    absorb(scratch, label);
    finish(scratch);
    this.seed(scratch);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** Normal deviate (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A normal deviate clamped to [lo, hi]. */
  clampedNormal(mean: number, sd: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, this.normal(mean, sd)));
  }

  /** Shuffles a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** `k` distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffled(items).slice(0, Math.max(0, Math.min(k, items.length)));
  }
}
