// Python functions and methods scripted code calls without compiling them: @torch.jit.ignore ones
// run in Python through prim::PythonOp (printed `^name()(x)`); @torch.jit.unused and
// ignore(drop=True) ones compile to a raise.

import { insertConstant } from '../ir/constants.js';
import type { Value } from '../ir/ir.js';
import { setPythonCallable, type PythonCallable } from '../ir/python_ops.js';
import type { Signature } from '../types/signature.js';
import { emitBuiltinCall, matchSchema, NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import { SimpleValue, SugaredValue, type Method } from './sugared_value.js';

export interface PythonFunction {
  readonly kind: 'ignore' | 'unused';
  /** From its annotations; unannotated parameters and result are Tensors. */
  readonly signature: Signature;
  /** Runs the Python function with the call's arguments (a method's module first). */
  readonly call: PythonCallable;
}

export class PythonFunctionValue extends SugaredValue {
  constructor(
    /** The module a method is called on; null for a free function. */
    private readonly self: Value | null,
    private readonly name: string,
    private readonly fn: PythonFunction,
  ) {
    super();
  }

  kind(): string {
    return this.self === null ? 'python function' : 'python method';
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    const g = m.graph;
    const inputs = this.self === null ? args : [NamedValue.of(this.self), ...args];
    const matched = matchSchema(this.fn.signature, range, g, inputs, kwargs);
    const returnType = matched.returnTypes[0];
    if (this.fn.kind === 'unused') {
      const message = insertConstant(
        g,
        'This Python function is annotated to be ignored and cannot be run',
      );
      emitBuiltinCall(range, g, 'prim::RaiseException', [NamedValue.of(message)], []);
      return new SimpleValue(
        g.insertNode(g.create('prim::Uninitialized', [], [returnType])).output(),
      );
    }
    const op = g.insertNode(g.create('prim::PythonOp', matched.inputs, [returnType]));
    op.setAttribute('name', { kind: 's', value: this.name });
    op.sourceRange = range;
    setPythonCallable(op, this.fn.call);
    return new SimpleValue(op.output());
  }
}
