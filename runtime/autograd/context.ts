// What a derivative formula sees when its node runs: the gradients of the operation's outputs, the
// arguments it was called with (tensors only as far as the derivative saved them), and the shapes
// and dtypes of every tensor argument and output.

import { runtimeError } from '../errors.js';
import type { Scalar } from '../tensor/scalar.js';
import { isScalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import type { TensorMeta } from './derivatives.js';
import { SavedTensor } from './saved.js';

/**
 * What a node recorded of one call, for its context. Plain objects keyed by argument name, not
 * Maps: a graph keeps one of these per recorded call, and their size is what a long graph costs.
 */
export interface Recorded {
  /** Non-tensor arguments, by name. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Tensor arguments and outputs the derivative saves. */
  readonly saved: Readonly<Record<string, SavedTensor | readonly (SavedTensor | null)[]>>;
  /** Shapes and dtypes of tensor arguments (lists: of each element) and of outputs. */
  readonly metas: Readonly<Record<string, TensorMeta | readonly (TensorMeta | null)[]>>;
  /** Shapes and dtypes of the outputs, in order. */
  readonly outputs: readonly TensorMeta[];
}

export class BackwardContext {
  constructor(
    private readonly recorded: Recorded,
    /** The gradient of each output; null where no gradient reached it. */
    readonly grads: readonly (Tensor | null)[],
    /** The arguments that need a gradient. */
    private readonly needed: ReadonlySet<string>,
  ) {}

  /** The gradient of the first output (zeros where none reached it). */
  get grad(): Tensor {
    return this.gradAt(0);
  }

  /** The gradient of output `i`, zeros where none reached it. */
  gradAt(i: number): Tensor {
    const g = this.grads[i];
    if (g !== null && g !== undefined) return g;
    const meta = this.recorded.outputs[i];
    return Tensor.empty(meta.shape.slice(), meta.dtype, meta.device);
  }

  /** Whether argument `name` needs a gradient (formulas skip work for those that do not). */
  needs(name: string): boolean {
    return this.needed.has(name);
  }

  /** A saved tensor argument or output. */
  saved(name: string): Tensor {
    const s = this.recorded.saved[name];
    if (!(s instanceof SavedTensor)) throw new Error(`autograd: ${name} was not saved`);
    return s.unpack();
  }

  /** A saved Tensor[] argument (null for None in a Tensor?[]). */
  savedList(name: string): (Tensor | null)[] {
    const s = this.recorded.saved[name];
    if (s === undefined || s instanceof SavedTensor) {
      throw new Error(`autograd: ${name} was not saved as a list`);
    }
    return s.map((x) => (x === null ? null : x.unpack()));
  }

  /** A saved Tensor? argument: null when None was passed. */
  savedOptional(name: string): Tensor | null {
    return name in this.recorded.saved ? this.saved(name) : null;
  }

  meta(name: string): TensorMeta {
    const m = this.recorded.metas[name];
    if (m === undefined || isMetaList(m)) throw new Error(`autograd: no metadata for ${name}`);
    return m;
  }

  /** Shapes and dtypes of a Tensor[] argument's elements. */
  metaList(name: string): (TensorMeta | null)[] {
    const m = this.recorded.metas[name];
    if (m === undefined || !isMetaList(m))
      throw new Error(`autograd: no list metadata for ${name}`);
    return [...m];
  }

  shape(name: string): readonly number[] {
    return this.meta(name).shape;
  }

  /** Whether a Tensor? argument was given. */
  has(name: string): boolean {
    return name in this.recorded.metas;
  }

  value(name: string): unknown {
    if (!(name in this.recorded.values)) throw new Error(`autograd: no argument ${name}`);
    return this.recorded.values[name];
  }

  int(name: string): number {
    const v = this.value(name);
    if (typeof v !== 'number') throw new Error(`autograd: ${name} is not an int`);
    return v;
  }

  optionalInt(name: string): number | null {
    const v = this.value(name);
    return v === null ? null : this.int(name);
  }

  ints(name: string): number[] {
    const v = this.value(name);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
      throw new Error(`autograd: ${name} is not an int list`);
    }
    return v;
  }

  optionalInts(name: string): number[] | null {
    return this.value(name) === null ? null : this.ints(name);
  }

  float(name: string): number {
    const v = this.value(name);
    if (typeof v !== 'number') throw new Error(`autograd: ${name} is not a float`);
    return v;
  }

  scalar(name: string): Scalar {
    const v = this.value(name);
    if (!isScalar(v)) throw new Error(`autograd: ${name} is not a Scalar`);
    return v;
  }

  bool(name: string): boolean {
    const v = this.value(name);
    if (typeof v !== 'boolean') throw new Error(`autograd: ${name} is not a bool`);
    return v;
  }

  str(name: string): string {
    const v = this.value(name);
    if (typeof v !== 'string') throw new Error(`autograd: ${name} is not a str`);
    return v;
  }

  optionalStr(name: string): string | null {
    return this.value(name) === null ? null : this.str(name);
  }
}

/** Fails as PyTorch does for a derivative it lacks. */
export function notDifferentiable(what: string): never {
  throw runtimeError(`the derivative for '${what}' is not implemented.`);
}

function isMetaList(
  m: TensorMeta | readonly (TensorMeta | null)[],
): m is readonly (TensorMeta | null)[] {
  return Array.isArray(m);
}
