// torch._jit_internal.boolean_dispatch: a Python function that calls one of two functions by a
// bool argument (F.max_pool2d calls max_pool2d_with_indices when return_indices is True, else
// _max_pool2d). TorchScript needs the argument to be a constant and picks the callee while
// compiling, so the caller's graph calls the chosen function directly.

import { toIValue } from '../ir/constants.js';
import { CompileError } from './errors.js';
import type { NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import { SugaredValue, type Method } from './sugared_value.js';

/** What boolean_dispatch(...) was given. */
export interface BooleanDispatch {
  readonly argName: string;
  /** The position of the argument when it is passed positionally. */
  readonly index: number;
  /** The value used when the call leaves the argument out. */
  readonly defaultValue: boolean;
  readonly ifTrue: () => SugaredValue;
  readonly ifFalse: () => SugaredValue;
}

export class BooleanDispatchValue extends SugaredValue {
  constructor(readonly dispatch: BooleanDispatch) {
    super();
  }

  kind(): string {
    return 'boolean dispatch';
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
    nBinders: number,
  ): SugaredValue {
    const flag = this.flag(range, m, args, kwargs);
    const callee = flag ? this.dispatch.ifTrue() : this.dispatch.ifFalse();
    return callee.call(range, m, args, kwargs, nBinders);
  }

  /** The dispatch argument's constant value, with PyTorch's messages when it is not constant. */
  private flag(range: SourceRange, m: Method, args: NamedValue[], kwargs: NamedValue[]): boolean {
    const { argName, index, defaultValue } = this.dispatch;
    if (index < args.length) {
      const value = toIValue(args[index].get(m.graph));
      if (typeof value === 'boolean') return value;
      throw CompileError.at(
        range,
        `Argument for boolean dispatch at position ${index} was not constant`,
      );
    }
    const keyword = kwargs.find((k) => k.name === argName);
    if (keyword === undefined) return defaultValue;
    const value = toIValue(keyword.get(m.graph));
    if (typeof value === 'boolean') return value;
    throw CompileError.at(
      range,
      `Keyword argument '${argName}' for boolean dispatch at position was not constant`,
    );
  }
}
