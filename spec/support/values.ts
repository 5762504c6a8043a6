// Decoding fixture values (spec/fixtures/encode.py) and comparing results against them.

import { Device } from '../../runtime/tensor/device.js';
import { contiguousStrides, numelOf } from '../../runtime/tensor/shape.js';
import { Storage, allocateArray } from '../../runtime/tensor/storage.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import type { DType } from '../../runtime/tensor/dtype.js';
import { Future } from '../../runtime/future.js';
import type { IValue } from '../../runtime/ivalue.js';

interface EncodedTensor {
  dtype: DType;
  shape: bigint[];
  data: unknown[];
  permute?: bigint[];
}

export function elementValue(x: unknown): number {
  if (x === 'nan') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (typeof x === 'boolean') return x ? 1 : 0;
  return Number(x);
}

export function decodeTensor(enc: EncodedTensor): Tensor {
  const shape = enc.shape.map(Number);
  const n = numelOf(shape);
  const data = allocateArray(enc.dtype, n);
  // A permuted view of a contiguous base: base.shape[q[d]] = shape[d], t.strides[d] = base.strides[q[d]].
  const q = enc.permute?.map(Number) ?? shape.map((_, d) => d);
  const baseShape = new Array<number>(shape.length);
  q.forEach((b, d) => (baseShape[b] = shape[d]));
  const baseStrides = contiguousStrides(baseShape);
  const t = new Tensor(
    new Storage(data),
    shape,
    q.map((b) => baseStrides[b]),
    0,
    enc.dtype,
  );
  for (let i = 0; i < n; i++) data[t.storageIndex(i)] = elementValue(enc.data[i]);
  return t;
}

export function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('$tensor' in o) return decodeTensor(o.$tensor as EncodedTensor);
  if ('$float' in o) return elementValue(o.$float);
  if ('$dtype' in o) return o.$dtype;
  if ('$device' in o) return Device.parse(o.$device as string);
  if ('$future' in o) return Future.completed(decode(o.$future) as IValue);
  if ('$tuple' in o) return (o.$tuple as unknown[]).map(decode);
  if ('$dict' in o)
    return new Map((o.$dict as unknown[][]).map(([k, x]) => [decode(k), decode(x)]));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Why `actual` differs from the encoded `expected`, or null when they match. */
export function difference(
  actual: unknown,
  expected: unknown,
  tol: Tolerance,
  path = 'result',
): string | null {
  if (expected !== null && typeof expected === 'object' && '$tensor' in expected) {
    if (!(actual instanceof Tensor)) return `${path}: expected a tensor, got ${String(actual)}`;
    const e = (expected as { $tensor: EncodedTensor }).$tensor;
    if (actual.dtype !== e.dtype) return `${path}: dtype ${actual.dtype}, expected ${e.dtype}`;
    const shape = e.shape.map(Number);
    if (actual.shape.join() !== shape.join()) {
      return `${path}: shape [${actual.shape.join(', ')}], expected [${shape.join(', ')}]`;
    }
    const values = actual.toArray();
    for (let i = 0; i < values.length; i++) {
      const want = elementValue(e.data[i]);
      if (
        !close(
          values[i],
          want,
          actual.dtype === 'float32' || actual.dtype === 'float64' ? tol : exact,
        )
      ) {
        return `${path}: element ${i} is ${values[i]}, expected ${want}`;
      }
    }
    return null;
  }
  if (
    Array.isArray(expected) ||
    (expected !== null && typeof expected === 'object' && '$tuple' in expected)
  ) {
    const items = Array.isArray(expected) ? expected : (expected as { $tuple: unknown[] }).$tuple;
    if (!Array.isArray(actual)) return `${path}: expected a sequence, got ${String(actual)}`;
    if (actual.length !== items.length)
      return `${path}: length ${actual.length}, expected ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const d = difference(actual[i], items[i], tol, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object' && '$dict' in expected) {
    return dictDifference(actual, (expected as { $dict: unknown[][] }).$dict, tol, path);
  }
  const want = decode(expected);
  if (typeof want === 'number') {
    if (typeof actual !== 'number')
      return `${path}: ${String(actual)} (${typeof actual}), expected float ${want}`;
    return close(actual, want, tol) ? null : `${path}: ${actual}, expected ${want}`;
  }
  if (typeof want === 'bigint') {
    return actual === want
      ? null
      : `${path}: ${String(actual)} (${typeof actual}), expected int ${want}`;
  }
  if (want instanceof Device) {
    return actual instanceof Device && actual.equals(want)
      ? null
      : `${path}: ${String(actual)}, expected ${want}`;
  }
  return actual === want ? null : `${path}: ${String(actual)}, expected ${String(want)}`;
}

/** Dicts compare entry by entry, in order: keys and values alike. */
function dictDifference(actual: unknown, entries: unknown[][], tol: Tolerance, path: string) {
  if (!(actual instanceof Map)) return `${path}: expected a dict, got ${String(actual)}`;
  const got = [...actual];
  if (got.length !== entries.length) {
    return `${path}: ${got.length} entries, expected ${entries.length}`;
  }
  for (let i = 0; i < got.length; i++) {
    const d =
      difference(got[i][0], entries[i][0], tol, `${path} key ${i}`) ??
      difference(got[i][1], entries[i][1], tol, `${path}[${i}]`);
    if (d !== null) return d;
  }
  return null;
}

const exact: Tolerance = { rtol: 0, atol: 0 };

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}
