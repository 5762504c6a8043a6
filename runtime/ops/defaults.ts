// Default values as schemas write them: None, True, 1, 1.0000000000000001e-05, [0, 0], "mean".

import type { SchemaType } from './schema.js';

export function defaultValue(text: string, type: SchemaType): unknown {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (text.startsWith('"'))
    return JSON.parse(
      text.replace(/\\'/g, "'").replace(/\\([fv])/g, (_, c) => (c === 'f' ? '\\f' : '\\u000b')),
    );
  const inner = type.kind === 'optional' ? type.elem : type;
  if (inner.kind === 'list') {
    const items = text.startsWith('[')
      ? text
          .slice(1, -1)
          .split(',')
          .filter((s) => s.trim() !== '')
      : [text];
    const values = items.map((s) => defaultValue(s.trim(), inner.elem));
    // `int[2] stride=1` means one value for every dimension.
    if (!text.startsWith('[') && inner.size !== null) return new Array(inner.size).fill(values[0]);
    return values;
  }
  if (inner.kind === 'base' && (inner.name === 'Scalar' || inner.name === 'number')) {
    return /^-?\d+$/.test(text) ? BigInt(text) : Number(text);
  }
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`unsupported default value ${text}`);
  return n;
}
