// Scripted nn.Modules: the description Python gives of a module instance (torch/jit/_recursive.py)
// becomes a ModuleSpec for the compiler and a ScriptObject holding the instance's values, whose
// tensors are the Python module's own (so parameters are shared, as PyTorch's are).

import {
  type CompilationUnit,
  type ModuleAttribute,
  type ModuleSpec,
} from '../../compiler/compilation_unit.js';
import type { ModuleInfo, ModuleKind } from '../../compiler/frontend/module_value.js';
import { Frontend } from '../../compiler/frontend/frontend.js';
import { parseModule } from '../../compiler/frontend/parser.js';
import { Source } from '../../compiler/frontend/source.js';
import type * as P from '../../compiler/frontend/tree.js';
import { TypeParser } from '../../compiler/frontend/type_parser.js';
import type { ConstantValue } from '../../compiler/ir/constants.js';
import type { PythonCallable } from '../../compiler/ir/python_ops.js';
import { Types, type Type } from '../../compiler/types/types.js';
import type { Resolver } from '../../compiler/frontend/ir_emitter.js';
import { ScriptObject } from '../interpreter/objects.js';
import { decodeCall } from '../python/wire.js';
import { constantFromPython } from './constants.js';
import { functionSource, type PythonSource } from './python_source.js';
import { pythonResolver, type PythonLookup } from './resolver.js';
import { fromPython } from './values.js';

/** One attribute as Python described it: its annotation text and encoded value. */
export interface AttributeDescription {
  readonly name: string;
  readonly annotation: string;
  readonly isParameter: boolean;
  readonly isBuffer: boolean;
}

/** A submodule that was scripted before its parent. */
export interface CompiledSubmodule {
  readonly compiled: { readonly info: ModuleInfo; readonly object: ScriptObject };
}

function isCompiled(d: ModuleDescription | CompiledSubmodule): d is CompiledSubmodule {
  return 'compiled' in d;
}

export interface ModuleDescription {
  readonly qualifiedName: string;
  readonly kind: ModuleKind;
  readonly attributes: readonly AttributeDescription[];
  /** The attributes' values, then the constants' (as keywords), on the wire. */
  readonly valueCodes: string;
  readonly values: readonly unknown[];
  readonly constantNames: readonly string[];
  /** Submodules to compile, or scripted already (their handle): those are used as they are. */
  readonly submodules: readonly (readonly [string, ModuleDescription | CompiledSubmodule])[];
  readonly ignored: readonly {
    readonly name: string;
    readonly kind: 'ignore' | 'unused';
    readonly source: PythonSource;
    readonly call: PythonCallable;
  }[];
  readonly failed: readonly (readonly [string, string])[];
  readonly compiledMethods: readonly string[];
  readonly shareType: boolean;
  /** The source of a method of the module's class, or null/undefined when it has none. */
  readonly methodSource: (name: string) => PythonSource | null | undefined;
  readonly lookup: PythonLookup;
}

function parseAnnotation(text: string, resolver: Resolver): Type {
  const src = new Source(text, '<annotation>');
  const stmt = parseModule(src).body[0];
  if (stmt?.kind !== 'Expr') throw new Error(`not a type annotation: ${text}`);
  const parser = new TypeParser((name, range) => resolver.resolveType(name, range));
  return parser.parse(new Frontend(src).expr((stmt as P.ExprStmt).value));
}

/** The compiler's spec of a described module, with its attributes' types parsed. */
function moduleSpec(d: ModuleDescription, constants: Map<string, ConstantValue>): ModuleSpec {
  const resolver = pythonResolver(d.lookup);
  const attributes: ModuleAttribute[] = d.attributes.map((a) => ({
    name: a.name,
    type: a.name === 'training' ? Types.bool : parseAnnotation(a.annotation, resolver),
    isParameter: a.isParameter,
    isBuffer: a.isBuffer,
  }));
  return {
    qualifiedName: d.qualifiedName,
    kind: d.kind,
    attributes,
    constants,
    submodules: d.submodules.map(([name, sub]) => [
      name,
      isCompiled(sub) ? sub.compiled.info : moduleSpec(sub, constantsOf(sub)),
    ]),
    ignored: new Map(
      d.ignored.map((m) => [
        m.name,
        { kind: m.kind, source: functionSource(m.source), call: m.call },
      ]),
    ),
    failedAttributes: new Map(d.failed),
    compiledMethods: d.compiledMethods,
    shareType: d.shareType,
    methodSource: (name) => {
      const s = d.methodSource(name);
      return s === null || s === undefined ? null : functionSource(s);
    },
    resolver,
  };
}

function decodedValues(d: ModuleDescription) {
  return decodeCall(d.valueCodes, [...d.values]);
}

function constantsOf(d: ModuleDescription): Map<string, ConstantValue> {
  const { kwargs } = decodedValues(d);
  return new Map(d.constantNames.map((name) => [name, constantFromPython(kwargs[name])]));
}

/** The module's values as a ScriptObject of its compiled type (submodules likewise). */
function instantiate(d: ModuleDescription, info: ModuleInfo): ScriptObject {
  const object = new ScriptObject(info.type);
  const { args } = decodedValues(d);
  d.attributes.forEach((a, i) => {
    const type = info.type.findAttribute(a.name)!.type;
    object.setAttr(a.name, fromPython(args[i], type, info.type.name, a.name) as never);
  });
  for (const [name, sub] of d.submodules) {
    const value = isCompiled(sub)
      ? sub.compiled.object
      : instantiate(sub, info.submodules.get(name)!);
    object.setAttr(name, value);
  }
  return object;
}

/** Compiles a described module and makes its instance. */
export function scriptModule(
  unit: CompilationUnit,
  d: ModuleDescription,
): { readonly info: ModuleInfo; readonly object: ScriptObject } {
  const info = unit.defineModule(moduleSpec(d, constantsOf(d)));
  return { info, object: instantiate(d, info) };
}
