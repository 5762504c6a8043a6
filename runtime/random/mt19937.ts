// The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it (at::mt19937).

const N = 624;
const M = 397;

export class MT19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed: bigint | number = 5489) {
    this.seed(seed);
  }

  /** PyTorch seeds with the low 32 bits of its 64-bit seed. */
  seed(seed: bigint | number): void {
    const s = this.state;
    s[0] = Number(BigInt.asUintN(32, BigInt(seed)));
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1] ^ (s[i - 1] >>> 30);
      // 1812433253 * prev + i modulo 2^32, without losing bits to doubles.
      s[i] =
        (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) +
          (prev & 0x0000ffff) * 1812433253 +
          i) >>>
        0;
    }
    this.index = N;
  }

  /** The next 32 random bits as an unsigned integer. */
  next(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % N] & 0x7fffffff);
      s[i] = s[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** The engine's full state, for Generator.get_state / set_state. */
  snapshot(): { state: Uint32Array; index: number } {
    return { state: this.state.slice(), index: this.index };
  }

  restore(snap: { state: Uint32Array; index: number }): void {
    this.state.set(snap.state);
    this.index = snap.index;
  }
}
