// A pickle reader that runs nothing on its own: every global, call (REDUCE), object creation
// (NEWOBJ), state update (BUILD) and persistent id goes to the caller's hooks, which allow only
// what the archive format needs (value_unpickler.ts). Python values come out as JS values:
// None null, bool boolean, int bigint, float number, str string, bytes Uint8Array, list Array,
// tuple PickleTuple, dict Map.

import { archiveError } from '../errors.js';
import { Op, PickleTuple } from './opcodes.js';

export interface UnpickleHooks {
  /** GLOBAL / STACK_GLOBAL: the value the name stands for, or an error if it is not allowed. */
  global(module: string, name: string): unknown;
  /** REDUCE: `callable(*args)`. */
  reduce(callable: unknown, args: readonly unknown[]): unknown;
  /** NEWOBJ: `cls.__new__(cls, *args)`. */
  newObject(cls: unknown, args: readonly unknown[]): unknown;
  /** BUILD: gives `obj` its state; returns what stays on the stack. */
  build(obj: unknown, state: unknown): unknown;
  /** BINPERSID: the object a persistent id names (a tensor storage). */
  persistentLoad(pid: unknown): unknown;
}

const mark = Symbol('mark');

class Reader {
  private at = 0;
  private readonly stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly hooks: UnpickleHooks,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): unknown {
    for (;;) {
      const op = this.u8();
      if (op === Op.STOP) {
        if (this.stack.length !== 1) this.fail('STOP with a stack that does not hold one value');
        return this.stack[0];
      }
      this.step(op);
    }
  }

  private fail(message: string): never {
    throw archiveError(`${this.what}: ${message} (at byte ${this.at})`);
  }

  private step(op: number): void {
    switch (op) {
      case Op.PROTO:
        if (this.u8() > 5) this.fail('unsupported pickle protocol');
        return;
      case Op.FRAME:
        this.take(8);
        return;
      case Op.MARK:
        this.marks.push(this.stack.length);
        this.stack.push(mark);
        return;
      case Op.POP:
        this.pop();
        return;
      case Op.POP_MARK:
        this.popMark();
        return;
      case Op.DUP:
        this.push(this.top());
        return;
      case Op.NONE:
        return this.push(null);
      case Op.NEWTRUE:
        return this.push(true);
      case Op.NEWFALSE:
        return this.push(false);
      case Op.BININT:
        return this.push(BigInt(this.view.getInt32(this.advance(4), true)));
      case Op.BININT1:
        return this.push(BigInt(this.u8()));
      case Op.BININT2:
        return this.push(BigInt(this.view.getUint16(this.advance(2), true)));
      case Op.LONG1:
        return this.push(longValue(this.take(this.u8())));
      case Op.LONG4:
        return this.push(longValue(this.take(this.u32())));
      case Op.BINFLOAT:
        return this.push(this.view.getFloat64(this.advance(8), false));
      default:
        return this.stepContainer(op);
    }
  }

  private stepContainer(op: number): void {
    switch (op) {
      case Op.BINUNICODE:
        return this.push(this.text(this.u32()));
      case Op.SHORT_BINUNICODE:
        return this.push(this.text(this.u8()));
      case Op.BINUNICODE8:
        return this.push(this.text(this.u64()));
      case Op.BINBYTES:
        return this.push(Uint8Array.from(this.take(this.u32())));
      case Op.SHORT_BINBYTES:
        return this.push(Uint8Array.from(this.take(this.u8())));
      case Op.EMPTY_TUPLE:
        return this.push(new PickleTuple([]));
      case Op.TUPLE:
        return this.push(new PickleTuple(this.popMark()));
      case Op.TUPLE1:
      case Op.TUPLE2:
      case Op.TUPLE3:
        return this.push(new PickleTuple(this.popN(op - Op.TUPLE1 + 1)));
      case Op.EMPTY_LIST:
        return this.push([]);
      case Op.LIST:
        return this.push(this.popMark());
      case Op.APPEND: {
        const item = this.pop();
        this.listOf(this.stack.length - 1).push(item);
        return;
      }
      case Op.APPENDS: {
        const items = this.popMark();
        const list = this.listOf(this.stack.length - 1);
        for (const item of items) list.push(item);
        return;
      }
      case Op.EMPTY_DICT:
        return this.push(new Map());
      case Op.DICT:
        return this.push(this.setItems(new Map(), this.popMark()));
      case Op.SETITEM: {
        const [key, value] = this.popN(2);
        this.setItems(this.dictOf(this.stack.length - 1), [key, value]);
        return;
      }
      case Op.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.dictOf(this.stack.length - 1), items);
        return;
      }
      default:
        return this.stepObject(op);
    }
  }

  private stepObject(op: number): void {
    switch (op) {
      case Op.GLOBAL: {
        const module = this.line();
        const name = this.line();
        return this.push(this.hooks.global(module, name));
      }
      case Op.STACK_GLOBAL: {
        const [module, name] = this.popN(2);
        if (typeof module !== 'string' || typeof name !== 'string')
          this.fail('STACK_GLOBAL needs two strings');
        return this.push(this.hooks.global(module, name));
      }
      case Op.REDUCE: {
        const args = this.pop();
        const callable = this.pop();
        return this.push(this.hooks.reduce(callable, this.tupleItems(args)));
      }
      case Op.NEWOBJ: {
        const args = this.pop();
        const cls = this.pop();
        return this.push(this.hooks.newObject(cls, this.tupleItems(args)));
      }
      case Op.BUILD: {
        const state = this.pop();
        const obj = this.pop();
        return this.push(this.hooks.build(obj, state));
      }
      case Op.BINPERSID:
        return this.push(this.hooks.persistentLoad(this.pop()));
      case Op.BINPUT:
        return this.memoize(this.u8());
      case Op.LONG_BINPUT:
        return this.memoize(this.u32());
      case Op.MEMOIZE:
        return this.memoize(this.memo.size);
      case Op.BINGET:
        return this.push(this.recall(this.u8()));
      case Op.LONG_BINGET:
        return this.push(this.recall(this.u32()));
      default:
        this.at--;
        this.fail(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  private memoize(index: number): void {
    this.memo.set(index, this.top());
  }

  private recall(index: number): unknown {
    if (!this.memo.has(index)) this.fail(`memo entry ${index} is read before it is written`);
    return this.memo.get(index);
  }

  private setItems(map: Map<unknown, unknown>, items: readonly unknown[]): Map<unknown, unknown> {
    if (items.length % 2 !== 0) this.fail('dict items come in key-value pairs');
    for (let i = 0; i < items.length; i += 2) map.set(dictKey(items[i]), items[i + 1]);
    return map;
  }

  private listOf(index: number): unknown[] {
    const v = this.stack[index];
    if (!Array.isArray(v)) this.fail('APPEND to something that is not a list');
    return v;
  }

  private dictOf(index: number): Map<unknown, unknown> {
    const v = this.stack[index];
    if (!(v instanceof Map)) this.fail('SETITEM on something that is not a dict');
    return v;
  }

  private tupleItems(v: unknown): readonly unknown[] {
    if (!(v instanceof PickleTuple)) this.fail('call arguments must be a tuple');
    return v.items;
  }

  private push(v: unknown): void {
    this.stack.push(v);
  }

  private top(): unknown {
    if (this.stack.length === 0 || this.stack[this.stack.length - 1] === mark)
      this.fail('the stack is empty');
    return this.stack[this.stack.length - 1];
  }

  private pop(): unknown {
    const v = this.top();
    this.stack.pop();
    return v;
  }

  private popN(n: number): unknown[] {
    const start = this.stack.length - n;
    const floor = this.marks.length > 0 ? this.marks[this.marks.length - 1] + 1 : 0;
    if (start < floor) this.fail(`${n} values expected on the stack`);
    return this.stack.splice(start, n);
  }

  private popMark(): unknown[] {
    const at = this.marks.pop();
    if (at === undefined) this.fail('no MARK to close');
    const items = this.stack.splice(at);
    items.shift();
    return items;
  }

  private advance(n: number): number {
    if (this.at + n > this.bytes.length) this.fail('the pickle is truncated');
    const start = this.at;
    this.at += n;
    return start;
  }

  private take(n: number): Uint8Array {
    const start = this.advance(n);
    return this.bytes.subarray(start, start + n);
  }

  private u8(): number {
    return this.bytes[this.advance(1)];
  }

  private u32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  private u64(): number {
    const v = this.view.getBigUint64(this.advance(8), true);
    if (v > BigInt(this.bytes.length)) this.fail('the pickle is truncated');
    return Number(v);
  }

  private text(n: number): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.take(n));
    } catch (e) {
      if (e instanceof TypeError) this.fail('a string is not valid UTF-8');
      throw e;
    }
  }

  /** A newline-terminated ASCII line (GLOBAL's operands). */
  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.at);
    if (end < 0 || end - this.at > 1024) this.fail('a GLOBAL name is not terminated');
    const s = String.fromCharCode(...this.bytes.subarray(this.at, end));
    this.at = end + 1;
    return s;
  }
}

/** Keys that compare by value in a JS Map; a tuple key would compare by identity. */
function dictKey(k: unknown): unknown {
  if (k instanceof PickleTuple || Array.isArray(k) || k instanceof Map) {
    throw archiveError('dict keys must be str, int, float, bool or tensors: not supported yet');
  }
  return k;
}

/** LONG1 / LONG4 payload: little-endian two's complement. */
function longValue(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  if (bytes.length > 0 && (bytes[bytes.length - 1] & 0x80) !== 0)
    v -= 1n << BigInt(8 * bytes.length);
  return v;
}

/** Reads one pickle; `what` names it in errors (`data.pkl`). */
export function unpickle(bytes: Uint8Array, hooks: UnpickleHooks, what: string): unknown {
  return new Reader(bytes, hooks, what).run();
}
