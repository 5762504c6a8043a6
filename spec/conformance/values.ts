// Corpus values (../shared/conformance/README.md, "Value encoding") to runtime values and back,
// by static TorchScript type, and their comparison. Encoded values are held as parseJson reads
// them: ints as bigints, floats as numbers.

import {
  ClassType,
  DictType,
  ListType,
  OptionalType,
  TupleType,
  Type,
  Types,
  UnionType,
} from '../../compiler/types/types.js';
import { isMixed } from '../../runtime/interpreter/coercion.js';
import { ScriptObject } from '../../runtime/interpreter/objects.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import { decodeTensor, elementValue, type Tolerance } from '../support/values.js';

type Encoded = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A corpus value as the runtime holds a value of static type `t`. */
export function toRuntime(v: Encoded, t: Type): unknown {
  if (v === null) return null;
  if (t instanceof OptionalType) return toRuntime(v, t.elem);
  if (isObject(v) && '$tensor' in v) return decodeTensor(v.$tensor as never);
  if (isObject(v) && '$float' in v) return elementValue(v.$float);
  if (typeof v === 'bigint') return isMixed(t) ? v : Number(v);
  if (isObject(v) && '$tuple' in v) {
    const items = v.$tuple as Encoded[];
    const elems = t instanceof TupleType ? t.elems : items.map(() => Types.Any);
    return Object.freeze(items.map((x, i) => toRuntime(x, elems[i])));
  }
  if (Array.isArray(v)) {
    const elem = t instanceof ListType ? t.elem : Types.Any;
    return v.map((x) => toRuntime(x, elem));
  }
  if (isObject(v) && '$dict' in v) {
    const [k, val] = t instanceof DictType ? [t.key, t.value] : [Types.Any, Types.Any];
    const entries = v.$dict as Encoded[][];
    return new Map(entries.map(([a, b]) => [toRuntime(a, k), toRuntime(b, val)]));
  }
  if (isObject(v) && '$object' in v) {
    if (!(t instanceof ClassType)) throw new Error(`an object where ${t.str()} is expected`);
    const obj = new ScriptObject(t);
    const fields = (v.$object as { fields: Record<string, Encoded> }).fields;
    for (const [name, value] of Object.entries(fields)) {
      obj.setAttr(name, toRuntime(value, t.findAttribute(name)?.type ?? Types.Any) as never);
    }
    return obj;
  }
  return v;
}

/** The member of a Union a value's representation belongs to. */
function memberHolding(v: unknown, t: UnionType): Type {
  const kind = (m: Type) =>
    Array.isArray(v)
      ? Object.isFrozen(v)
        ? m instanceof TupleType
        : m instanceof ListType
      : v instanceof Map
        ? m instanceof DictType
        : v instanceof ScriptObject
          ? m === v.type
          : typeof v === 'number'
            ? m === Types.int || m === Types.float
            : true;
  return t.members.find(kind) ?? Types.Any;
}

function encodeFloat(x: number): Encoded {
  if (Number.isNaN(x)) return { $float: 'nan' };
  if (!Number.isFinite(x)) return { $float: x > 0 ? 'inf' : '-inf' };
  return x;
}

function encodeTensor(t: Tensor): Encoded {
  const floating = t.dtype === 'float32' || t.dtype === 'float64';
  const data = t.toArray().map((x) => {
    if (t.dtype === 'bool') return x !== 0;
    if (!floating) return BigInt(x);
    return Number.isNaN(x) ? 'nan' : Number.isFinite(x) ? x : x > 0 ? 'inf' : '-inf';
  });
  return { $tensor: { dtype: t.dtype, shape: t.shape.map(BigInt), data } };
}

/** A runtime value of static type `t` in the corpus encoding. */
export function encode(v: unknown, t: Type): Encoded {
  if (v === null || v === undefined) return null;
  if (t instanceof OptionalType) return encode(v, t.elem);
  if (t instanceof UnionType) return encode(v, memberHolding(v, t));
  if (v instanceof Tensor) return encodeTensor(v);
  if (typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    return t === Types.int ? BigInt(v) : encodeFloat(v);
  }
  if (v instanceof Map) {
    const [k, val] = t instanceof DictType ? [t.key, t.value] : [Types.Any, Types.Any];
    return { $dict: [...v].map(([a, b]) => [encode(a, k), encode(b, val)]) };
  }
  if (Array.isArray(v)) {
    if (Object.isFrozen(v)) {
      const tt = t instanceof TupleType ? t : null;
      const items = v.map((x, i) => encode(x, tt?.elems[i] ?? Types.Any));
      return tt?.named ? { $tuple: items, names: [...tt.named.fields] } : { $tuple: items };
    }
    const elem = t instanceof ListType ? t.elem : Types.Any;
    return v.map((x) => encode(x, elem));
  }
  if (v instanceof ScriptObject) {
    const fields: Record<string, Encoded> = {};
    for (const a of v.type.attributes) fields[a.name] = encode(v.fields.get(a.name), a.type);
    return { $object: { class: v.type.name, fields } };
  }
  return String(v);
}

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

const floatOf = (v: Encoded): number | null =>
  typeof v === 'number' ? v : isObject(v) && '$float' in v ? elementValue(v.$float) : null;

/** Why the encoded `actual` differs from the encoded `expected`, or null when they agree. */
export function mismatch(
  actual: Encoded,
  expected: Encoded,
  tol: Tolerance,
  path = '',
): string | null {
  const at = path || 'result';
  const e = floatOf(expected);
  if (e !== null) {
    const a = floatOf(actual);
    return a !== null && close(a, e, tol) ? null : `${at}: ${String(actual)}, expected ${e}`;
  }
  if (!isObject(expected)) {
    return actual === expected ? null : `${at}: ${String(actual)}, expected ${String(expected)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${at}: not a list of ${expected.length}`;
    return firstMismatch(actual, expected, tol, at);
  }
  if (!isObject(actual))
    return `${at}: ${String(actual)}, expected ${JSON.stringify(Object.keys(expected))}`;
  if ('$tensor' in expected) {
    const [a, x] = [
      actual.$tensor as Record<string, unknown>,
      expected.$tensor as Record<string, unknown>,
    ];
    if (a === undefined) return `${at}: not a tensor`;
    if (a.dtype !== x.dtype) return `${at}: dtype ${String(a.dtype)}, expected ${String(x.dtype)}`;
    if ((a.shape as bigint[]).join() !== (x.shape as bigint[]).join())
      return `${at}: shape [${String(a.shape)}], expected [${String(x.shape)}]`;
    const [ad, xd] = [a.data as unknown[], x.data as unknown[]];
    for (let i = 0; i < xd.length; i++) {
      const ok =
        typeof xd[i] === 'number' || typeof xd[i] === 'string'
          ? close(elementValue(ad[i]), elementValue(xd[i]), tol)
          : ad[i] === xd[i];
      if (!ok) return `${at}: element ${i} is ${String(ad[i])}, expected ${String(xd[i])}`;
    }
    return null;
  }
  for (const key of ['$tuple', '$dict']) {
    if (key in expected) {
      const [a, x] = [actual[key] as Encoded[], expected[key] as Encoded[]];
      if (!Array.isArray(a) || a.length !== x.length)
        return `${at}: not a ${key.slice(1)} of ${x.length}`;
      if ('names' in expected && String(actual.names) !== String(expected.names))
        return `${at}: fields ${String(actual.names)}, expected ${String(expected.names)}`;
      return firstMismatch(a, x, tol, at);
    }
  }
  if ('$object' in expected) {
    const [a, x] = [
      actual.$object as Record<string, unknown>,
      expected.$object as Record<string, unknown>,
    ];
    if (a === undefined || a.class !== x.class) return `${at}: not a ${String(x.class)}`;
    const [af, xf] = [a.fields as Record<string, Encoded>, x.fields as Record<string, Encoded>];
    if (Object.keys(af).join() !== Object.keys(xf).join())
      return `${at}: fields ${Object.keys(af).join()}, expected ${Object.keys(xf).join()}`;
    for (const k of Object.keys(xf)) {
      const d = mismatch(af[k], xf[k], tol, `${at}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return `${at}: cannot compare ${JSON.stringify(Object.keys(expected))}`;
}

function firstMismatch(
  a: readonly Encoded[],
  x: readonly Encoded[],
  tol: Tolerance,
  at: string,
): string | null {
  for (let i = 0; i < x.length; i++) {
    const d = mismatch(a[i], x[i], tol, `${at}[${i}]`);
    if (d !== null) return d;
  }
  return null;
}
