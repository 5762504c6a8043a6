// Names the compiler meets that the compiled code does not define, answered by Python: the torch
// package (torch/jit/_resolution.py) looks the name up in the function's globals and closure and
// describes what it finds. Functions and classes are scripted on the Python side first (as
// PyTorch's recursive scripting does) and arrive compiled.

import { parseDeclaration } from '../../compiler/compilation_unit.js';
import { CompileError } from '../../compiler/frontend/errors.js';
import type { Resolver } from '../../compiler/frontend/ir_emitter.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import type { SourceRange } from '../../compiler/frontend/source.js';
import {
  BuiltinFunction,
  ClassValue,
  ExceptionValue,
  FunctionValue,
  NamedTupleConstructor,
  PythonValue,
  type Method,
  type SugaredValue,
} from '../../compiler/frontend/sugared_value.js';
import {
  PythonFunctionValue,
  type PythonFunction,
} from '../../compiler/frontend/python_function.js';
import { pythonFunctionSignature } from '../../compiler/frontend/python_signature.js';
import { packageSubmodule } from '../../compiler/host/package_modules.js';
import {
  jitModule,
  mathModule,
  PythonModuleValue,
  torchModule,
} from '../../compiler/host/python_modules.js';
import type { PythonCallable } from '../../compiler/ir/python_ops.js';
import { ClassType, TupleType, Types, type Type } from '../../compiler/types/types.js';
import { functionSource, type PythonSource } from './python_source.js';

/** What Python says a name is; compiled things come as the handles the bridge made for them. */
export type Descriptor =
  | { readonly kind: 'module'; readonly name: string; readonly attribute: PythonLookup }
  | { readonly kind: 'script_function'; readonly handle: { readonly fn: ScriptFunction } }
  | { readonly kind: 'script_class'; readonly handle: { readonly type: ClassType } }
  | { readonly kind: 'namedtuple'; readonly handle: { readonly type: TupleType } }
  | { readonly kind: 'exception'; readonly name: string }
  /** A torch package function that is an operator (`from torch import add`). */
  | { readonly kind: 'builtin'; readonly op: string }
  /** A function of a module the compiler reads from the package (torch.nn.functional). */
  | { readonly kind: 'package_attribute'; readonly module: string; readonly name: string }
  /** A function left in Python (@torch.jit.ignore, @torch.jit.unused). */
  | {
      readonly kind: 'python_function';
      readonly name: string;
      readonly qualifiedName: string;
      readonly modifier: PythonFunction['kind'];
      readonly source: PythonSource;
      readonly lookup: PythonLookup;
      readonly call: PythonCallable;
    }
  /** A Python builtin function TorchScript does not have (open, input...). */
  | { readonly kind: 'python_builtin'; readonly repr: string }
  | { readonly kind: 'tensor_type' }
  | { readonly kind: 'python_value'; readonly typeName: string };

/** Asks Python what `name` is; null when Python has no such name. */
export type PythonLookup = (name: string) => Descriptor | null;

const torch = torchModule(packageSubmodule);
const knownModules: Readonly<Record<string, SugaredValue>> = {
  torch,
  math: mathModule,
  'torch.jit': jitModule,
};

function moduleValue(
  d: Extract<Descriptor, { kind: 'module' }>,
  range: SourceRange,
  m: Method,
): SugaredValue {
  const known = knownModules[d.name] ?? packageSubmodule(d.name);
  if (known !== null) return known;
  return new PythonModuleValue(d.name, (field) => {
    const found = d.attribute(field);
    return found === null || found === undefined ? null : sugaredValue(found, range, m);
  });
}

export function sugaredValue(d: Descriptor, range: SourceRange, m: Method): SugaredValue {
  switch (d.kind) {
    case 'builtin':
      return new BuiltinFunction(d.op, null);
    case 'package_attribute': {
      const module = packageSubmodule(d.module);
      if (module === null) throw new Error(`${d.module} is not a module of the package`);
      return module.attr(range, m, d.name);
    }
    case 'module':
      return moduleValue(d, range, m);
    case 'script_function':
      return new FunctionValue(d.handle.fn);
    case 'script_class':
      return new ClassValue(d.handle.type);
    case 'namedtuple':
      return new NamedTupleConstructor(d.handle.type);
    case 'exception':
      return new ExceptionValue(d.name, `builtins.${d.name}`);
    case 'python_function':
      return new PythonFunctionValue(null, d.name, pythonFunction(d));
    case 'python_builtin':
      throw CompileError.at(
        range,
        `Python builtin ${d.repr} is currently not supported in Torchscript`,
      );
    case 'tensor_type':
      return new PythonValue('type');
    case 'python_value':
      return new PythonValue(d.typeName);
  }
}

function pythonFunction(d: Extract<Descriptor, { kind: 'python_function' }>): PythonFunction {
  const src = functionSource(d.source);
  const def = parseDeclaration(src.source, null, d.name);
  const resolver = pythonResolver(d.lookup);
  // Without its defaults: PyTorch's signature of a Python function has none.
  const signature = pythonFunctionSignature(def, d.qualifiedName, null, resolver);
  return { kind: d.modifier, signature, call: d.call };
}

function typeOf(d: Descriptor): Type | null {
  switch (d.kind) {
    case 'script_class':
      return d.handle.type;
    case 'namedtuple':
      return d.handle.type;
    case 'tensor_type':
      return Types.Tensor;
    default:
      return null;
  }
}

/** A Resolver over a Python lookup. */
export function pythonResolver(lookup: PythonLookup): Resolver {
  return {
    resolveValue: (name: string, m: Method, range: SourceRange) => {
      const d = lookup(name);
      return d === null || d === undefined ? null : sugaredValue(d, range, m);
    },
    resolveType: (name: string) => {
      const d = lookup(name);
      return d === null || d === undefined ? null : typeOf(d);
    },
  };
}
