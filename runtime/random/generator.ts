// torch.Generator for the CPU: a Mersenne Twister plus the cached second normal sample that
// PyTorch's Box-Muller transform keeps between calls, with get_state / set_state in PyTorch's
// byte layout so states move between PyTorch and us unchanged.

import { runtimeError } from '../errors.js';
import { sin } from './libm.js';
import { MT19937, stateSize, type MTState } from './mt19937.js';

/** PyTorch's default seed: a fresh process draws the same numbers every run. */
export const defaultSeed = 67280421310721n;

// CPUGeneratorImplState, little-endian, as PyTorch 1.13 lays it out:
//   u64 the_initial_seed; i32 left; i32 seeded; u64 next; u64 state[624];
//   f64 normal_x, normal_y, normal_rho; i32 normal_is_valid; (4 bytes padding)   -> 5048 bytes
//   f32 next_float_normal_sample; u8 is_next_float_normal_sample_valid; (3 padding) -> 5056 bytes
const legacyStateBytes = 5048;
export const stateBytes = 5056;
const stateOffset = 24;
const normalXOffset = stateOffset + stateSize * 8;
const normalYOffset = normalXOffset + 8;
const normalRhoOffset = normalXOffset + 16;
const normalValidOffset = normalXOffset + 24;
const floatNormalOffset = legacyStateBytes;
const floatNormalValidOffset = legacyStateBytes + 4;

export class Generator {
  private readonly engine = new MT19937();
  /** The sine half of the last Box-Muller pair drawn by normal_distribution<double>. */
  nextDoubleNormal: number | null = null;
  /** The float counterpart; CPU kernels never fill it, but states carry it. */
  nextFloatNormal: number | null = null;

  constructor(seed: bigint = defaultSeed) {
    this.manualSeed(seed);
  }

  manualSeed(seed: bigint | number): this {
    this.engine.seed(BigInt.asUintN(64, BigInt(seed)));
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  /** Reseeds from a non-deterministic source and returns the new seed (Generator.seed()). */
  seed(): bigint {
    const word = () => BigInt(Math.floor(Math.random() * 2 ** 32));
    const s = (word() << 32n) | word();
    this.manualSeed(s);
    return s;
  }

  get initial(): bigint {
    return this.engine.snapshot().seed;
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

  /** The state as PyTorch's 5056-byte CPUGeneratorImplState (Generator.get_state()). */
  getState(): Uint8Array {
    const bytes = new Uint8Array(stateBytes);
    const view = new DataView(bytes.buffer);
    const s = this.engine.snapshot();
    view.setBigUint64(0, s.seed, true);
    view.setInt32(8, s.left, true);
    view.setInt32(12, s.seeded ? 1 : 0, true);
    view.setBigUint64(16, BigInt(s.next), true);
    for (let i = 0; i < stateSize; i++) view.setUint32(stateOffset + 8 * i, s.state[i], true);
    if (this.nextDoubleNormal !== null) {
      view.setFloat64(normalYOffset, this.nextDoubleNormal, true);
      view.setInt32(normalValidOffset, 1, true);
    }
    if (this.nextFloatNormal !== null) {
      view.setFloat32(floatNormalOffset, this.nextFloatNormal, true);
      view.setUint8(floatNormalValidOffset, 1);
    }
    return bytes;
  }

  /** Restores a state from getState() or PyTorch (either the 5056- or the legacy 5048-byte form). */
  setState(bytes: Uint8Array): void {
    if (bytes.length !== stateBytes && bytes.length !== legacyStateBytes) {
      throw runtimeError(
        `Expected either a CPUGeneratorImplStateLegacy of size ${legacyStateBytes} or a CPUGeneratorImplState of size ${stateBytes} but found the input RNG state size to be ${bytes.length}`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const state = new Uint32Array(stateSize);
    // The legacy layout kept 64-bit words; the engine keeps their low 32 bits.
    for (let i = 0; i < stateSize; i++) state[i] = view.getUint32(stateOffset + 8 * i, true);
    const snap: MTState = {
      seed: view.getBigUint64(0, true),
      left: view.getInt32(8, true),
      seeded: view.getInt32(12, true) !== 0,
      next: Number(BigInt.asUintN(32, view.getBigUint64(16, true))),
      state,
    };
    if (!MT19937.isValid(snap)) throw runtimeError('Invalid mt19937 state');
    this.engine.restore(snap);
    this.nextDoubleNormal = null;
    if (view.getInt32(normalValidOffset, true) !== 0) {
      // The legacy form kept Box-Muller's inputs (normal_x, normal_rho); the current one the sample.
      this.nextDoubleNormal =
        bytes.length === stateBytes
          ? view.getFloat64(normalYOffset, true)
          : view.getFloat64(normalRhoOffset, true) *
            sin(2 * Math.PI * view.getFloat64(normalXOffset, true));
    }
    this.nextFloatNormal =
      bytes.length === stateBytes && view.getUint8(floatNormalValidOffset) !== 0
        ? view.getFloat32(floatNormalOffset, true)
        : null;
  }
}

export const defaultGenerator = new Generator();
