// torch.Generator for the CPU: a Mersenne Twister plus the cached second normal sample that
// PyTorch's Box-Muller transform keeps between calls.

import { MT19937 } from './mt19937.js';

/** PyTorch's default seed: a fresh process draws the same numbers every run. */
export const defaultSeed = 67280421310721n;

export class Generator {
  private readonly engine = new MT19937();
  private initialSeed: bigint = defaultSeed;
  /** The sine half of the last Box-Muller pair drawn by normal_distribution<double>. */
  nextDoubleNormal: number | null = null;

  constructor(seed: bigint = defaultSeed) {
    this.manualSeed(seed);
  }

  manualSeed(seed: bigint | number): this {
    this.initialSeed = BigInt.asUintN(64, BigInt(seed));
    this.engine.seed(this.initialSeed);
    this.nextDoubleNormal = null;
    return this;
  }

  seed(): bigint {
    const s =
      BigInt(Math.floor(Math.random() * 2 ** 32)) * 2n ** 21n + BigInt(Date.now() % 2 ** 21);
    this.manualSeed(s);
    return s;
  }

  get initial(): bigint {
    return this.initialSeed;
  }

  /** 32 random bits (CPUGeneratorImpl::random). */
  random(): number {
    return this.engine.next();
  }

  /** 64 random bits as a bigint: the first draw is the high word (CPUGeneratorImpl::random64). */
  random64(): bigint {
    const hi = this.engine.next();
    const lo = this.engine.next();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A double in [0, 1) from the low 53 bits of random64(), as uniform_real_distribution<double>. */
  random53(): number {
    const hi = this.engine.next();
    const lo = this.engine.next();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) / 2 ** 53;
  }

  /** A float in [0, 1) from the low 24 bits of random(), as uniform_real_distribution<float>. */
  random24(): number {
    return (this.engine.next() & 0xffffff) / 2 ** 24;
  }

  getState(): { state: Uint32Array; index: number; seed: bigint; nextDoubleNormal: number | null } {
    return {
      ...this.engine.snapshot(),
      seed: this.initialSeed,
      nextDoubleNormal: this.nextDoubleNormal,
    };
  }

  setState(s: ReturnType<Generator['getState']>): void {
    this.engine.restore(s);
    this.initialSeed = s.seed;
    this.nextDoubleNormal = s.nextDoubleNormal;
  }
}

export const defaultGenerator = new Generator();
