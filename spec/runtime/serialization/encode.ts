// Values as JSON text in the fixtures' encoding (spec/fixtures/encode.py), for the manifests the
// PyTorch checker reads: ints are JSON integers, floats always carry a '.' or an exponent,
// tensors are {"$tensor": {dtype, shape, data}}, tuples {"$tuple": [...]}, dicts {"$dict": ...}.

import {
  DictType,
  ListType,
  OptionalType,
  TupleType,
  type Type,
} from '../../../compiler/types/types.js';
import { formatFloat } from '../../../runtime/tensor/pyfloat.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

/** A runtime value of static type `type`. */
export function encodeValue(v: unknown, type: Type): string {
  if (v === null) return 'null';
  if (type instanceof OptionalType) return encodeValue(v, type.elem);
  if (v instanceof Tensor) return encodeTensor(v);
  if (type.kind === 'int') return String(typeof v === 'bigint' ? v : Math.trunc(v as number));
  if (type.kind === 'float') return encodeFloat(v as number);
  if (type instanceof ListType)
    return `[${(v as unknown[]).map((x) => encodeValue(x, type.elem)).join(', ')}]`;
  if (type instanceof TupleType) {
    const items = (v as unknown[]).map((x, i) => encodeValue(x, type.elems[i]));
    return `{"$tuple": [${items.join(', ')}]}`;
  }
  if (type instanceof DictType) {
    const entries = [...(v as Map<unknown, unknown>)].map(
      ([k, x]) => `[${encodeValue(k, type.key)}, ${encodeValue(x, type.value)}]`,
    );
    return `{"$dict": [${entries.join(', ')}]}`;
  }
  if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  throw new Error(`cannot encode ${String(v)} as ${type.annotation()}`);
}

/** A fixture value as spec/support/json.ts parsed it (bigint ints, number floats), as JSON again. */
export function fixtureJson(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return encodeFloat(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(fixtureJson).join(', ')}]`;
  const fields = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${fixtureJson(x)}`);
  return `{${fields.join(', ')}}`;
}

function encodeFloat(v: number): string {
  if (Number.isNaN(v)) return '{"$float": "nan"}';
  if (!Number.isFinite(v)) return `{"$float": "${v > 0 ? 'inf' : '-inf'}"}`;
  return formatFloat(v, ''); // Python's repr: always a '.' or an exponent
}

function encodeTensor(t: Tensor): string {
  const floating = t.dtype === 'float32' || t.dtype === 'float64';
  const data = t.toArray().map((x) => {
    if (t.dtype === 'bool') return x !== 0 ? 'true' : 'false';
    if (!floating) return String(x);
    if (Number.isNaN(x)) return '"nan"';
    if (!Number.isFinite(x)) return x > 0 ? '"inf"' : '"-inf"';
    return encodeFloat(x);
  });
  const shape = t.shape.join(', ');
  return `{"$tensor": {"dtype": "${t.dtype}", "shape": [${shape}], "data": [${data.join(', ')}]}}`;
}
