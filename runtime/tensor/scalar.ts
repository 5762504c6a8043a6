// Python scalars as the runtime sees them. A JS number is a Python float, a bigint a Python int
// and a boolean a Python bool: promotion needs to tell `t * 2` (keeps t's dtype) from `t * 2.0`.

import type { ScalarKind } from './dtype.js';

export type Scalar = number | bigint | boolean;

export function scalarKind(s: Scalar): ScalarKind {
  return typeof s === 'boolean' ? 'bool' : typeof s === 'bigint' ? 'int' : 'float';
}

export function scalarToNumber(s: Scalar): number {
  return typeof s === 'number' ? s : Number(s);
}

export function isScalar(v: unknown): v is Scalar {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

/** A Python int from a JS number known to hold an integer. */
export function int(n: number): bigint {
  return BigInt(Math.trunc(n));
}
