// A pickle (protocol 2) opcode writer with PyTorch's memo habits: strings are memoized by value
// and globals by name (the second use is a BINGET), and the caller memoizes objects by identity
// with `put` / `get`. What to write in which order is the caller's business (value_pickler.ts).

import { Op } from './opcodes.js';

export class PickleWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private nextMemo = 0;
  private readonly strings = new Map<string, number>();
  private readonly globals = new Map<string, number>();

  constructor() {
    this.op(Op.PROTO);
    this.byte(2);
  }

  /** Ends the pickle and returns it. */
  finish(): Uint8Array {
    this.op(Op.STOP);
    return this.bytes.slice(0, this.length);
  }

  op(code: number): this {
    this.byte(code);
    return this;
  }

  none(): void {
    this.op(Op.NONE);
  }

  bool(b: boolean): void {
    this.op(b ? Op.NEWTRUE : Op.NEWFALSE);
  }

  /** BININT1, BININT2 or BININT where the value fits, else LONG1 (two's complement). */
  int(v: bigint): void {
    if (v >= 0n && v < 256n) {
      this.op(Op.BININT1).byte(Number(v));
    } else if (v >= 0n && v < 65536n) {
      this.op(Op.BININT2).uint(Number(v), 2);
    } else if (v >= -(2n ** 31n) && v < 2n ** 31n) {
      this.op(Op.BININT).uint(Number(BigInt.asUintN(32, v)), 4);
    } else {
      const bytes = longBytes(v);
      this.op(Op.LONG1).byte(bytes.length).raw(bytes);
    }
  }

  float(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, false);
    this.op(Op.BINFLOAT).raw(b);
  }

  /** BINUNICODE, memoized: a string seen before is a BINGET. */
  string(s: string): void {
    const memo = this.strings.get(s);
    if (memo !== undefined) return this.get(memo);
    const b = new TextEncoder().encode(s);
    this.op(Op.BINUNICODE).uint(b.length, 4).raw(b);
    this.strings.set(s, this.put());
  }

  /** GLOBAL 'module name', memoized by name. */
  global(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const memo = this.globals.get(key);
    if (memo !== undefined) return this.get(memo);
    this.op(Op.GLOBAL).raw(new TextEncoder().encode(`${module}\n${name}\n`));
    this.globals.set(key, this.put());
  }

  /** Stores the top of the stack in the memo: BINPUT, or LONG_BINPUT past 255 entries. */
  put(): number {
    const index = this.nextMemo++;
    if (index < 256) this.op(Op.BINPUT).byte(index);
    else this.op(Op.LONG_BINPUT).uint(index, 4);
    return index;
  }

  get(index: number): void {
    if (index < 256) this.op(Op.BINGET).byte(index);
    else this.op(Op.LONG_BINGET).uint(index, 4);
  }

  /** Closes a tuple of `n` items pushed after a MARK (n > 3) or directly (n <= 3). */
  tuple(n: number, marked: boolean): void {
    if (marked) this.op(Op.TUPLE);
    else if (n === 0) this.op(Op.EMPTY_TUPLE);
    else this.op([Op.TUPLE1, Op.TUPLE2, Op.TUPLE3][n - 1]);
  }

  private byte(b: number): this {
    this.reserve(1);
    this.bytes[this.length++] = b;
    return this;
  }

  private uint(v: number, size: number): this {
    this.reserve(size);
    for (let i = 0; i < size; i++) this.bytes[this.length++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
    return this;
  }

  private raw(b: Uint8Array): this {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
    return this;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** The shortest little-endian two's complement bytes of `v` (LONG1's payload). */
function longBytes(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, x));
    out.push(byte);
    x >>= 8n;
    const signBit = (byte & 0x80) !== 0;
    if ((x === 0n && !signBit) || (x === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}
