// Functions declared with @torch.jit._overload (F.interpolate): every declaration is compiled
// as a function of its own, with the declaration's parameters and return type around the
// implementation's body, and a call picks the first declaration whose signature the arguments
// match, as PyTorch's FunctionValue does with several callees.

import type { Graph, Value } from '../ir/ir.js';
import { FunctionType } from '../types/types.js';
import { CompileError } from './errors.js';
import type { ScriptFunction } from './function.js';
import { matchSchemas, type MatchedSchema, type NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import { SimpleValue, SugaredValue, type Method } from './sugared_value.js';

export class OverloadedFunctionValue extends SugaredValue {
  constructor(
    /** One compiled function per declaration, in declaration order. */
    readonly callees: readonly ScriptFunction[],
  ) {
    super();
  }

  kind(): string {
    return 'function';
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    const signatures = this.callees.map((callee) => {
      try {
        callee.ensureDefined(range);
      } catch (e) {
        if (e instanceof CompileError && e.detail.startsWith('Recursive calls')) {
          throw CompileError.at(
            range,
            ` function '${callee.name}' is called recursively. Recursive calls are not supported`,
          );
        }
        throw e;
      }
      return callee.signature;
    });
    const [index, matched] = matchSchemas(signatures, range, m.graph, args, kwargs);
    return new SimpleValue(createFunctionCall(m.graph, this.callees[index], matched, range));
  }
}

/** prim::CallFunction of a Function constant, as FunctionValue emits it for one callee. */
function createFunctionCall(
  g: Graph,
  callee: ScriptFunction,
  matched: MatchedSchema,
  range: SourceRange,
): Value {
  const fnConst = g.insertNode(g.create('prim::Constant', [], [new FunctionType(callee)]));
  fnConst.setAttribute('name', { kind: 's', value: callee.name });
  const call = g.insertNode(
    g.create('prim::CallFunction', [fnConst.output(), ...matched.inputs], matched.returnTypes),
  );
  call.sourceRange = range;
  return call.output();
}

/** PyTorch names every overload after the first `<module>.___torch_mangle_<n>.<name>`. */
export function mangledName(qualifiedName: string, n: number): string {
  const dot = qualifiedName.lastIndexOf('.');
  return `${qualifiedName.slice(0, dot)}.___torch_mangle_${n}${qualifiedName.slice(dot)}`;
}
