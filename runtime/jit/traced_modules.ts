// The modules torch.jit.trace makes (PyTorch's TracedModule): a module type of their own for every
// instance, named after the Python class (mangled when taken), holding `training`, the
// parameters and buffers (the Python module's own tensors, so they stay shared) and the
// submodules; no constants or other attributes. Their methods are the traces of the module's
// methods. A submodule that is already compiled (scripted, or traced before) is kept as it is.

import type { CompilationUnit } from '../../compiler/compilation_unit.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import type { ModuleInfo } from '../../compiler/frontend/module_value.js';
import { Types } from '../../compiler/types/types.js';
import { ScriptObject } from '../interpreter/objects.js';
import { decodeCall } from '../python/wire.js';
import { ModuleHandle } from './handles.js';

export interface TracedModuleDescription {
  /** The Python class, qualified: `__torch__.MyCell`. */
  readonly qualifiedName: string;
  readonly training: boolean;
  readonly parameterNames: readonly string[];
  readonly bufferNames: readonly string[];
  /** The parameters' then the buffers' tensors, on the wire. */
  readonly tensorCodes: string;
  readonly tensors: readonly unknown[];
  readonly submodules: readonly (readonly [string, SubmoduleDescription])[];
}

/** A submodule to make a traced module of, or a compiled module to keep. */
export type SubmoduleDescription =
  { readonly traced: TracedModuleDescription } | { readonly compiled: ModuleHandle };

/** Makes the traced module a description gives: its type, then its instance. */
export function createTracedModule(
  unit: CompilationUnit,
  d: TracedModuleDescription,
): ModuleHandle {
  const submodules = d.submodules.map(
    ([name, sub]) =>
      [name, 'compiled' in sub ? sub.compiled : createTracedModule(unit, sub.traced)] as const,
  );
  const type = unit.newModuleType(d.qualifiedName);
  const object = new ScriptObject(type);
  type.addAttribute('training', Types.bool);
  object.setAttr('training', d.training);
  const tensors = decodeCall(d.tensorCodes, [...d.tensors]).args;
  [...d.parameterNames, ...d.bufferNames].forEach((name, i) => {
    const isParameter = i < d.parameterNames.length;
    type.addAttribute(name, Types.Tensor, { isParameter, isBuffer: !isParameter });
    object.setAttr(name, tensors[i] as never);
  });
  for (const [name, sub] of submodules) {
    type.addAttribute(name, sub.info.type);
    object.setAttr(name, sub.object);
  }
  const info: ModuleInfo = {
    type,
    kind: 'module',
    submodules: new Map(submodules.map(([name, sub]) => [name, sub.info])),
    constants: new Map(),
    ignored: new Map(),
    failedAttributes: new Map(),
    method: (name) => (type.methods.get(name) as ScriptFunction | undefined) ?? null,
  };
  return new ModuleHandle(info, object);
}
