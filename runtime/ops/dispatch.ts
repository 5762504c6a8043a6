// Eager calls by operator name, as torch.add(x, 2, alpha=3) makes them: the first overload whose
// schema accepts the arguments runs. Values are converted to the forms implementations expect
// (ints to numbers, dtype codes to names, a Python number where a Tensor goes to a wrapped
// 0-dim tensor, as PyTorch's argument parser does).

import { typeError } from '../errors.js';
import { Device } from '../tensor/device.js';
import { dtypeFromName, dtypeFromScalarType, dtypes, type DType } from '../tensor/dtype.js';
import { isScalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { wrapScalar } from '../tensor/factory.js';
import { overloads, type Operator } from './registry.js';
import type { Argument, SchemaType } from './schema.js';

const noMatch = Symbol('no match');
type Converted = unknown | typeof noMatch;

export function call(
  name: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown> = {},
): unknown {
  const ops = overloads(name.includes('::') ? name : `aten::${name}`);
  if (ops.length === 0) throw typeError(`unknown operator ${name}`);
  for (const op of ops) {
    const bound = bind(op, args, kwargs);
    if (bound !== null) return op.impl(...bound);
  }
  throw mismatch(name, ops, args, kwargs);
}

/** Calls one overload (`aten::add.Tensor`) with already-ordered arguments. */
export function bind(
  op: Operator,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): unknown[] | null {
  const params = op.schema.args;
  // Arguments past a `...` in the schema (format's values) are passed on as they are.
  if (args.length > params.length && !op.schema.varargs) return null;
  const out = new Array<unknown>(params.length);
  let used = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let value: unknown;
    if (i < args.length) {
      if (p.kwargOnly) return null;
      value = args[i];
    } else if (p.name in kwargs) {
      value = kwargs[p.name];
      used++;
    } else if (op.defaults[i] !== undefined) {
      out[i] = op.defaults[i];
      continue;
    } else {
      return null;
    }
    const converted = convert(value, p.type, p, numbersAsTensors.has(op.schema.name));
    if (converted === noMatch) return null;
    out[i] = converted;
  }
  if (used !== Object.keys(kwargs).length) return null;
  return args.length > params.length ? out.concat(args.slice(params.length)) : out;
}

/**
 * The operators PyTorch's argument parser lets take a Python number for a Tensor argument; for
 * the rest, torch.max(x, 0) must find the `dim` overload instead of comparing with 0.
 */
const numbersAsTensors = new Set(
  [
    'add',
    'add_',
    'div',
    'div_',
    'divide',
    'divide_',
    'mul',
    'mul_',
    'multiply',
    'multiply_',
    'sub',
    'sub_',
    'subtract',
    'subtract_',
    'true_divide',
    'true_divide_',
    'to',
    '_to_copy',
    'copy_',
    'floor_divide',
    'floor_divide_',
  ].map((n) => `aten::${n}`),
);

/** Whether PyTorch's argument parser lets a Python number stand for a Tensor of operator `name`. */
export function allowsNumbersAsTensors(name: string): boolean {
  return numbersAsTensors.has(name);
}

function convert(
  value: unknown,
  type: SchemaType,
  param: Argument | null,
  numbersOk: boolean,
): Converted {
  switch (type.kind) {
    case 'optional':
      return value === null || value === undefined
        ? null
        : convert(value, type.elem, param, numbersOk);
    case 'list':
      if (Array.isArray(value)) {
        const items = value.map((v) => convert(v, type.elem, null, numbersOk));
        if (items.includes(noMatch)) return noMatch;
        // A list that needs no conversion is passed as itself: append, sort, l[i] = x and the
        // other list methods must change the caller's list.
        return items.every((v, i) => Object.is(v, value[i])) ? value : items;
      }
      if (type.size !== null && (typeof value === 'number' || typeof value === 'bigint')) {
        const item = convert(value, type.elem, null, numbersOk);
        return item === noMatch ? noMatch : new Array(type.size).fill(item);
      }
      return noMatch;
    case 'var':
      return value;
    case 'base':
      return convertBase(value, type.name, param, numbersOk);
    default:
      return value;
  }
}

function convertBase(
  value: unknown,
  name: string,
  param: Argument | null,
  numbersOk: boolean,
): Converted {
  switch (name) {
    case 'Tensor':
      if (value instanceof Tensor) return value;
      // Python numbers stand in for tensors except as `self` (torch.add(2, x) is an error).
      return numbersOk && isScalar(value) && param?.name !== 'self' ? wrapScalar(value) : noMatch;
    case 'int':
    case 'SymInt':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' && Number.isInteger(value) ? value : noMatch;
    case 'float':
      return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : noMatch;
    case 'bool':
      return typeof value === 'boolean' ? value : noMatch;
    case 'str':
      return typeof value === 'string' ? value : noMatch;
    case 'Scalar':
    case 'number':
      return isScalar(value) ? value : noMatch;
    case 'ScalarType':
      return toDType(value) ?? noMatch;
    case 'Device':
      if (value instanceof Device) return value;
      return typeof value === 'string' ? Device.parse(value) : noMatch;
    case 'Layout':
    case 'MemoryFormat':
    case 'Generator':
    case 'Any':
      return value;
    default:
      return noMatch;
  }
}

function toDType(value: unknown): DType | undefined {
  if (typeof value === 'string')
    return dtypeFromName(value) ?? (dtypes.includes(value as DType) ? (value as DType) : undefined);
  if (typeof value === 'number' || typeof value === 'bigint')
    return dtypeFromScalarType(Number(value));
  return undefined;
}

function pythonTypeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

/**
 * The TypeError of a call that no overload accepts, listing what was passed and what each
 * overload expects; for callers (the Python facade) that bind the overloads themselves.
 */
export function mismatchError(
  name: string,
  ops: readonly Operator[],
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): Error {
  return mismatch(name, ops, args, kwargs);
}

function mismatch(
  name: string,
  ops: readonly Operator[],
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
): Error {
  const short = name.replace(/^aten::/, '');
  const got = [
    ...args.map(pythonTypeName),
    ...Object.entries(kwargs).map(([k, v]) => `${k}=${pythonTypeName(v)}`),
  ];
  const expected = ops.map(
    (op) =>
      ` * (${op.schema.text.slice(op.schema.text.indexOf('(') + 1, op.schema.text.lastIndexOf(') ->'))})`,
  );
  return typeError(
    `${short}() received an invalid combination of arguments - got (${got.join(', ')}), but expected one of:\n${expected.join('\n')}`,
  );
}
