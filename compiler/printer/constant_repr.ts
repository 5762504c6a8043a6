// Constants as `.code` writes them: c10's IValue::repr.
//
//   None  True  3  1.  0.10000000000000001  inf  "a\n"  [1, 2]  annotate(List[int], [])
//   (3,)  (1, "a")  torch.device("cpu")  __torch__.case.P(1, 2)  CONSTANTS.c0
//
// Tensors (and strings with non-ASCII characters) do not print inline: the printer numbers them
// in a constant table and writes `CONSTANTS.cN`, which the `out` hook does.

import { Device } from '../../runtime/tensor/device.js';
import { formatFloat } from '../../runtime/tensor/pyfloat.js';
import { ConstantList, ConstantTuple, type ConstantValue } from '../ir/constants.js';
import type { Type } from '../types/types.js';

/** Writes a value kept out of line (a tensor, a non-ASCII string) as `CONSTANTS.cN`. */
export type OutOfLine = (v: unknown) => string;

export function constantRepr(v: ConstantValue | unknown, outOfLine: OutOfLine): string {
  if (v === null) return 'None';
  // A container holding a non-ASCII string goes out of line whole, as the string alone would.
  if (hasNonAsciiString(v)) return outOfLine(v);
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return String(v);
    case 'number':
      return reprFloat(v);
    case 'string':
      return quotedString(v);
  }
  if (v instanceof Device) return `torch.device(${quotedString(v.toString())})`;
  if (v instanceof ConstantList) {
    const items = `[${v.items.map((x) => constantRepr(x, outOfLine)).join(', ')}]`;
    if (v.items.length > 0 && elementTypeCanBeInferred(v.type.elem)) return items;
    return `annotate(${v.type.annotation()}, ${items})`;
  }
  if (v instanceof ConstantTuple) {
    const items = v.items.map((x) => constantRepr(x, outOfLine));
    const name = v.type.named !== null && v.type.named.name !== '' ? v.type.annotation() : '';
    return `${name}(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  return outOfLine(v);
}

function hasNonAsciiString(v: unknown): boolean {
  if (typeof v === 'string') return !isAscii(v);
  if (v instanceof ConstantList || v instanceof ConstantTuple)
    return v.items.some(hasNonAsciiString);
  return false;
}

/**
 * Whether a list's or dict's element type follows from its elements. When it does not (unions,
 * optionals, numbers, interfaces, Any) PyTorch wraps the literal in `annotate(T, ...)`.
 */
export function elementTypeCanBeInferred(elem: Type): boolean {
  return !['Union', 'Optional', 'number', 'Interface', 'Any'].includes(elem.kind);
}

/**
 * A double as IValue::repr writes it: integral values below 1e10 as `3.` (`-0.` keeps its
 * sign), others with 17 significant digits (`0.10000000000000001`, `1e+20`), `inf`, `nan`.
 */
export function reprFloat(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (Math.abs(d) < 1e10 && Number.isInteger(d)) return Object.is(d, -0) ? '-0.' : `${d}.`;
  return formatFloat(d, '.17g');
}

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** c10::printQuotedString for ASCII text: double quotes, C escapes, octal for the rest. */
export function quotedString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (escapes[c] !== undefined) out += escapes[c];
    else if (code >= 0x20 && code < 0x7f) out += c;
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return out + '"';
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
