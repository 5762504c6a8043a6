// Type refinements of `x is None`, `x is not None` and isinstance(x, T) conditions: inside the
// branch where the condition holds, `x` is known to have the narrower type.

import type { Value } from '../ir/ir.js';
import type { Type } from '../types/types.js';

export interface Refinement {
  readonly name: string;
  readonly type: Type;
}

export class RefinementSet {
  constructor(
    readonly whenTrue: readonly Refinement[] = [],
    readonly whenFalse: readonly Refinement[] = [],
  ) {}

  /** `a and b` is true when both are, false when either is. */
  and(rhs: RefinementSet): RefinementSet {
    return new RefinementSet(
      union(this.whenTrue, rhs.whenTrue),
      intersect(this.whenFalse, rhs.whenFalse),
    );
  }

  or(rhs: RefinementSet): RefinementSet {
    return new RefinementSet(
      intersect(this.whenTrue, rhs.whenTrue),
      union(this.whenFalse, rhs.whenFalse),
    );
  }

  not(): RefinementSet {
    return new RefinementSet(this.whenFalse, this.whenTrue);
  }
}

function union(a: readonly Refinement[], b: readonly Refinement[]): Refinement[] {
  const out = [...a];
  for (const r of b) {
    const i = out.findIndex((e) => e.name === r.name);
    if (i < 0) out.push(r);
    // Two different refinements of one name (isinstance int and float) cancel out.
    else if (!out[i].type.equals(r.type)) out.splice(i, 1);
  }
  return out;
}

function intersect(a: readonly Refinement[], b: readonly Refinement[]): Refinement[] {
  return a.filter((r) => b.some((e) => e.name === r.name && e.type === r.type));
}

/** A condition: its bool value, refinements, and a statically known outcome when there is one. */
export class CondValue {
  constructor(
    readonly value: Value,
    readonly refinements: RefinementSet,
    /** Known at compile time (`is None` on a value that can't be None, is_scripting()...). */
    readonly staticIf: boolean | null,
  ) {}
}
