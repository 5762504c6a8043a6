// The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it (at::mt19937), including
// its bookkeeping (`left`, `next`), which Generator.get_state exposes byte for byte.

export const stateSize = 624;
const shift = 397;

/** The engine's full state, as at::mt19937_data_pod holds it. */
export interface MTState {
  readonly seed: bigint;
  /** Draws left before the next twist, plus one: 1 right after seeding. */
  readonly left: number;
  readonly seeded: boolean;
  /** Index of the next state word to temper. */
  readonly next: number;
  readonly state: Uint32Array;
}

export class MT19937 {
  private readonly state = new Uint32Array(stateSize);
  private seedValue = 5489n;
  private left = 1;
  private next_ = 0;
  private seeded = false;

  constructor(seed: bigint | number = 5489) {
    this.seed(seed);
  }

  /** PyTorch keeps the 64-bit seed but initialises the state from its low 32 bits. */
  seed(seed: bigint | number): void {
    this.seedValue = BigInt.asUintN(64, BigInt(seed));
    const s = this.state;
    s[0] = Number(BigInt.asUintN(32, this.seedValue));
    for (let i = 1; i < stateSize; i++) {
      const prev = s[i - 1] ^ (s[i - 1] >>> 30);
      // 1812433253 * prev + i modulo 2^32, without losing bits to doubles.
      s[i] =
        (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) +
          (prev & 0x0000ffff) * 1812433253 +
          i) >>>
        0;
    }
    this.left = 1;
    this.next_ = 0;
    this.seeded = true;
  }

  /** The next 32 random bits as an unsigned integer. */
  next(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next_++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < stateSize; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % stateSize] & 0x7fffffff);
      s[i] = s[(i + shift) % stateSize] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.left = stateSize;
    this.next_ = 0;
  }

  snapshot(): MTState {
    return {
      seed: this.seedValue,
      left: this.left,
      seeded: this.seeded,
      next: this.next_,
      state: this.state.slice(),
    };
  }

  restore(snap: MTState): void {
    this.state.set(snap.state);
    this.seedValue = snap.seed;
    this.left = snap.left;
    this.seeded = snap.seeded;
    this.next_ = snap.next;
  }

  /** at::mt19937::is_valid: what set_state accepts. */
  static isValid(snap: MTState): boolean {
    return snap.seeded && snap.left > 0 && snap.left <= stateSize && snap.next <= stateSize;
  }
}
