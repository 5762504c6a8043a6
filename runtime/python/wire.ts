// Values between Python and TypeScript, with their Python types kept.
//
// Pyodide converts a Python int and a Python float alike to a JS number, and an integral JS
// number back to a Python int; PyTorch's promotion rules need the difference (`t * 2` keeps t's
// dtype, `t * 2.0` does not), and so do results (`t.sum().item()` of a float tensor is a float).
// So the torch package and this module encode values themselves: a string of one-letter codes in
// prefix order, with the leaf values passed beside it. Python calls `f(codes, ...values)`, which
// Pyodide converts leaf by leaf without guessing (JsProxy -> the JS object, str -> string);
// results come back as a JS array `[codes, ...values]`, or, for the common cases that need no
// codes, as a bare Tensor, boolean, string or undefined.
//
//   i   int (a number, or a bigint past 2^53)
//   f   float
//   b   bool
//   s   str
//   n   None (no value)
//   T   Tensor
//   d   torch.dtype, as its name; an argument decodes to its ScalarType number, as TorchScript
//       passes dtypes (a name would also pass for a Device string)
//   D   torch.device, as its str
//   o   another JS object (a Generator)
//   e   Ellipsis (no value)
//   [ ] a list, its items between the brackets
//   ( ) a tuple
//   :   a slice: start, stop and step follow
//   =   a keyword argument: its name, then its value
//   ?   a Python object of another type, as its type name (nothing accepts it)
//   A   (results only) the k-th Tensor argument itself, so Python returns that same object

import { Device } from '../tensor/device.js';
import { dtypeFromScalarType, dtypeInfo, type DType } from '../tensor/dtype.js';
import type { PySlice } from '../tensor/pyindex.js';
import type { SchemaType } from '../ops/schema.js';
import { Tensor } from '../tensor/tensor.js';
import { ScriptObject } from '../interpreter/objects.js';

/** A NamedTuple's items with its qualified name: Python rebuilds an instance of its class. */
export class NamedTupleValue {
  constructor(
    readonly name: string,
    readonly items: readonly unknown[],
  ) {}
}

/** A Python object that has no JS form; calls given one fail naming its type. */
export class ForeignPythonObject {
  constructor(readonly typeName: string) {}
}

/** Python's Ellipsis (a str could not stand for it: x['ellipsis'] is an error). */
export const ellipsis = Symbol('Ellipsis');

/** A decoded tuple: frozen, as TorchScript's tuples are (a list stays a mutable array). */
export type PyTuple = readonly unknown[];

export interface DecodedCall {
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
  /** The Tensor arguments in order, for results that are one of them (x.add_(1) is x). */
  readonly tensors: Tensor[];
}

/** Reads codes and values written by the torch package's encoder. */
class Reader {
  private code = 0;
  private value = 0;
  readonly tensors: Tensor[] = [];

  constructor(
    private readonly codes: string,
    private readonly values: readonly unknown[],
  ) {}

  get done(): boolean {
    return this.code >= this.codes.length;
  }

  peek(): string {
    return this.codes[this.code];
  }

  next(): unknown {
    const code = this.codes[this.code++];
    switch (code) {
      case 'i':
        return toBigInt(this.take());
      case 'f':
        return Number(this.take());
      case 'b':
      case 's':
      case 'o':
        return this.take();
      case 'n':
        return null;
      case 'e':
        return ellipsis;
      case 'T':
        return this.tensor(this.take());
      case 'd':
        return dtypeInfo(this.take() as DType).scalarType;
      case 'D':
        return Device.parse(this.take() as string);
      case '?':
        return new ForeignPythonObject(this.take() as string);
      case '[':
        return this.items(']');
      case '(':
        return Object.freeze(this.items(')'));
      case '{':
        return this.dict();
      case 'O':
        return this.take();
      case ':':
        return this.slice();
      default:
        throw new Error(`wire: unknown code '${code}' in '${this.codes}'`);
    }
  }

  /** A keyword's name, after its '=' code. */
  keyword(): string {
    this.code++;
    return this.take() as string;
  }

  private take(): unknown {
    return this.values[this.value++];
  }

  private tensor(value: unknown): Tensor {
    if (!(value instanceof Tensor)) throw new Error('wire: a T code without a Tensor');
    this.tensors.push(value);
    return value;
  }

  private items(end: string): unknown[] {
    const out: unknown[] = [];
    while (this.codes[this.code] !== end) out.push(this.next());
    this.code++;
    return out;
  }

  /** Keys and values alternate up to the closing code. */
  private dict(): Map<unknown, unknown> {
    const map = new Map<unknown, unknown>();
    while (this.codes[this.code] !== '}') map.set(this.next(), this.next());
    this.code++;
    return map;
  }

  private slice(): PySlice {
    const start = this.next() as bigint | null;
    const stop = this.next() as bigint | null;
    const step = this.next() as bigint | null;
    return { start, stop, step };
  }
}

function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/** Positional arguments, then keywords, as encoded by the torch package. */
export function decodeCall(codes: string, values: readonly unknown[]): DecodedCall {
  const reader = new Reader(codes, values);
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  while (!reader.done && reader.peek() !== '=') args.push(reader.next());
  while (!reader.done) kwargs[reader.keyword()] = reader.next();
  return { args, kwargs, tensors: reader.tensors };
}

// ---- results ----

/** What a bridge function hands back to Python. */
export type WireResult = Tensor | boolean | string | undefined | unknown[];

class Writer {
  private readonly codes: string[] = [];
  private readonly values: unknown[] = [];

  constructor(private readonly inputs: readonly Tensor[]) {}

  leaf(code: string, value: unknown): void {
    this.codes.push(code);
    this.values.push(value);
  }

  mark(code: string): void {
    this.codes.push(code);
  }

  tensor(t: Tensor): void {
    const k = this.inputs.indexOf(t);
    if (k >= 0) this.leaf('A', k);
    else this.leaf('T', t);
  }

  result(): unknown[] {
    return [this.codes.join(''), ...this.values];
  }
}

/**
 * A result typed by the schema's return type: `int` numbers become Python ints, `float` ones
 * Python floats, lists become tuples (PyTorch returns tuples for Tensor[] and int[]), a
 * ScalarType a torch.dtype. `type` null encodes by the JS value alone (see encodeDynamic).
 */
export function encodeResult(
  value: unknown,
  type: SchemaType | null,
  inputs: readonly Tensor[] = [],
): WireResult {
  const direct = directResult(value, type, inputs);
  if (direct !== notDirect) return direct as WireResult;
  const w = new Writer(inputs);
  if (type === null) encodeDynamic(w, value);
  else encodeTyped(w, value, type);
  return w.result();
}

/** Several returns: a Python tuple of them. */
export function encodeResults(
  values: readonly unknown[],
  types: readonly SchemaType[],
  inputs: readonly Tensor[],
): WireResult {
  const w = new Writer(inputs);
  encodeTuple(w, values, (i) => types[i]);
  return w.result();
}

const notDirect = Symbol('not direct');

/** The results Pyodide converts correctly by itself skip the codes. */
function directResult(value: unknown, type: SchemaType | null, inputs: readonly Tensor[]): unknown {
  if (value instanceof Tensor) return inputs.includes(value) ? notDirect : value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (type === null || isBase(type, 'str'))) return value;
  return notDirect;
}

function isBase(type: SchemaType, name: string): boolean {
  return type.kind === 'base' && type.name === name;
}

function encodeTyped(w: Writer, value: unknown, type: SchemaType): void {
  if (value === null || value === undefined) return w.mark('n');
  switch (type.kind) {
    case 'optional':
      return encodeTyped(w, value, type.elem);
    case 'list':
      return encodeTuple(w, value as readonly unknown[], () => type.elem);
    case 'tuple':
      return encodeTuple(w, value as readonly unknown[], (i) => type.elems[i]);
    case 'base':
      return encodeBase(w, value, type.name);
    default:
      return encodeDynamic(w, value);
  }
}

function encodeTuple(
  w: Writer,
  items: readonly unknown[],
  typeOf: (i: number) => SchemaType,
): void {
  w.mark('(');
  items.forEach((v, i) => encodeTyped(w, v, typeOf(i)));
  w.mark(')');
}

function encodeBase(w: Writer, value: unknown, name: string): void {
  switch (name) {
    case 'int':
    case 'SymInt':
      return w.leaf('i', value);
    case 'float':
      return w.leaf('f', value);
    case 'ScalarType':
      // Compiled code and operators hold a dtype as its ScalarType number.
      return w.leaf('d', typeof value === 'number' ? dtypeFromScalarType(value) : value);
    default:
      return encodeDynamic(w, value);
  }
}

/**
 * By the JS value: bigint an int, number a float (the registry's Scalar convention), frozen
 * arrays tuples and other arrays lists, a DType name stays a str (typed results say dtype).
 */
function encodeDynamic(w: Writer, value: unknown): void {
  if (value === null || value === undefined) return w.mark('n');
  if (value instanceof Tensor) return w.tensor(value);
  if (value instanceof Device) return w.leaf('D', value.toString());
  if (Array.isArray(value)) {
    const [open, close] = Object.isFrozen(value) ? ['(', ')'] : ['[', ']'];
    w.mark(open);
    for (const v of value) encodeDynamic(w, v);
    return w.mark(close);
  }
  if (value instanceof Map) {
    w.mark('{');
    for (const [k, v] of value) {
      encodeDynamic(w, k);
      encodeDynamic(w, v);
    }
    return w.mark('}');
  }
  if (value instanceof ScriptObject) return w.leaf('O', value);
  if (value instanceof NamedTupleValue) {
    w.leaf('N', value.name);
    return encodeDynamic(w, value.items);
  }
  switch (typeof value) {
    case 'bigint':
      return w.leaf('i', value);
    case 'number':
      return w.leaf('f', value);
    case 'boolean':
      return w.leaf('b', value);
    case 'string':
      return w.leaf('s', value);
    default:
      return w.leaf('o', value);
  }
}

/** A value of Python-typed JS parts (bigint ints, number floats, frozen tuples), encoded. */
export function encodeValue(value: unknown): WireResult {
  return encodeResult(value, null);
}

/** A torch.dtype result, which would otherwise reach Python as a plain str. */
export function encodeDType(dtype: DType): WireResult {
  const w = new Writer([]);
  w.leaf('d', dtype);
  return w.result();
}
