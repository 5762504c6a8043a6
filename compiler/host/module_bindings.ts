// Module-level statements a static reader must understand beyond defs and classes, as they appear
// in torch/nn/functional.py:
//
//   linear = torch._C._nn.linear                  an alias of what the dotted name means
//   max_pool2d = boolean_dispatch(arg_name=..., arg_index=..., default=..., if_true=...,
//                                 if_false=..., module_name=..., func_name=...)
//   @_overload                                    declarations of an overloaded function,
//   def interpolate(input: Tensor, size: Optional[int] = None, ...) -> Tensor: ...
//   def interpolate(input, size=None, ...):       followed by its implementation

import { emitFunction, parseDef } from '../compilation_unit.js';
import { BooleanDispatchValue, type BooleanDispatch } from '../frontend/boolean_dispatch.js';
import { CompileError } from '../frontend/errors.js';
import { ScriptFunction } from '../frontend/function.js';
import type { Resolver } from '../frontend/ir_emitter.js';
import { literalDefaults } from '../frontend/literal_defaults.js';
import { mangledName, OverloadedFunctionValue } from '../frontend/overloaded_function.js';
import type { Source, SourceRange } from '../frontend/source.js';
import { BuiltinFunction, FunctionValue, SugaredValue } from '../frontend/sugared_value.js';
import * as P from '../frontend/tree.js';
import { PythonModuleValue } from './python_modules.js';

/** `a.b.c` of a chain of names and attributes, or null. */
export function dottedExpr(e: P.Expr): string | null {
  if (e.kind === 'Name') return e.id;
  if (e.kind !== 'Attribute') return null;
  const base = dottedExpr(e.value);
  return base === null ? null : `${base}.${e.attr}`;
}

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

export function isBooleanDispatchCall(e: P.Expr): e is P.Call {
  if (e.kind !== 'Call') return false;
  const callee = dottedExpr(e.func);
  return callee !== null && lastPart(callee) === 'boolean_dispatch';
}

export function isOverloadDecorator(d: P.Expr): boolean {
  const name = dottedExpr(d);
  return name !== null && lastPart(name) === '_overload';
}

/**
 * An alias resolves to what its dotted name means when that is something callable (a builtin
 * operator, a function, a module); other Python values stay opaque module-level variables.
 */
export function aliasTarget(
  expr: P.Expr,
  resolveName: (name: string, range: SourceRange) => SugaredValue | null,
): SugaredValue | null {
  const path = dottedExpr(expr);
  if (path === null) return null;
  const [root, ...fields] = path.split('.');
  let value = resolveName(root, expr.range);
  for (const field of fields) {
    // Only modules are walked: attributes of other Python values are unknown to a static reader.
    if (!(value instanceof PythonModuleValue)) return null;
    try {
      value = value.attr(expr.range, null as never, field);
    } catch (e) {
      if (e instanceof CompileError) return null;
      throw e;
    }
  }
  return value !== null && isNamespaceOrCallable(value) ? value : null;
}

function isNamespaceOrCallable(v: SugaredValue): boolean {
  return (
    v instanceof BuiltinFunction ||
    v instanceof FunctionValue ||
    v instanceof OverloadedFunctionValue ||
    v instanceof BooleanDispatchValue ||
    v instanceof PythonModuleValue
  );
}

const dispatchParameters = [
  'arg_name',
  'arg_index',
  'default',
  'if_true',
  'if_false',
  'module_name',
  'func_name',
] as const;

/** The arguments of boolean_dispatch(...), by name, whether passed by position or keyword. */
function dispatchArguments(call: P.Call): Map<string, P.Expr> {
  const out = new Map<string, P.Expr>();
  call.args.forEach((a, i) => {
    if (i < dispatchParameters.length) out.set(dispatchParameters[i], a);
  });
  for (const k of call.keywords) if (k.arg !== null) out.set(k.arg, k.value);
  return out;
}

function literal(args: Map<string, P.Expr>, name: string, call: P.Call): P.Constant['value'] {
  const e = args.get(name);
  if (e?.kind !== 'Constant') {
    throw CompileError.at(e?.range ?? call.range, `boolean_dispatch: ${name} must be a literal`);
  }
  return e.value;
}

function functionName(args: Map<string, P.Expr>, name: string, call: P.Call): string {
  const e = args.get(name);
  if (e?.kind !== 'Name') {
    throw CompileError.at(e?.range ?? call.range, `boolean_dispatch: ${name} must be a name`);
  }
  return e.id;
}

/** The dispatch a boolean_dispatch(...) call describes; `resolve` finds the two functions. */
export function booleanDispatch(
  call: P.Call,
  resolve: (name: string, range: SourceRange) => SugaredValue | null,
): BooleanDispatchValue {
  const args = dispatchArguments(call);
  const argName = literal(args, 'arg_name', call);
  const index = literal(args, 'arg_index', call);
  const defaultValue = literal(args, 'default', call);
  if (
    typeof argName !== 'string' ||
    typeof index !== 'bigint' ||
    typeof defaultValue !== 'boolean'
  ) {
    throw CompileError.at(
      call.range,
      'boolean_dispatch needs a str arg_name, an int arg_index and a bool default',
    );
  }
  const target = (param: 'if_true' | 'if_false') => () => {
    const name = functionName(args, param, call);
    const v = resolve(name, call.range);
    if (v === null) throw CompileError.at(call.range, `undefined value ${name}`);
    return v;
  };
  const dispatch: BooleanDispatch = {
    argName,
    index: Number(index),
    defaultValue,
    ifTrue: target('if_true'),
    ifFalse: target('if_false'),
  };
  return new BooleanDispatchValue(dispatch);
}

/** What an overloaded function is compiled from. */
export interface OverloadSources {
  readonly qualifiedName: string;
  readonly declarations: readonly { node: P.FunctionDef; source: Source }[];
  readonly implementation: { node: P.FunctionDef; source: Source };
  readonly resolver: Resolver;
  /** The next free ___torch_mangle_<n> of the compilation unit. */
  readonly nextMangle: () => number;
}

/**
 * One function per declaration: the declaration's parameters and return type with the
 * implementation's body and defaults (PyTorch's _compile_function_with_overload).
 */
export function overloadedFunction(o: OverloadSources): OverloadedFunctionValue {
  const defaults = literalDefaults(o.implementation.node);
  const callees = o.declarations.map((d, i) => {
    const name = i === 0 ? o.qualifiedName : mangledName(o.qualifiedName, o.nextMangle());
    return new ScriptFunction(name, (f) => {
      const implementation = parseDef(o.implementation.source);
      const declaration = parseDef(d.source);
      const def = { ...implementation, decl: declaration.decl };
      return emitFunction(f, def, o.resolver, null, defaults);
    });
  });
  return new OverloadedFunctionValue(callees);
}
