// torch.jit.freeze and torch.jit.optimize_for_inference for the torch package: a scripted
// module is cloned (module_clone.ts) and the clone frozen (compiler/passes/freeze_module.ts);
// the frozen-graph and inference passes then rewrite its methods' graphs in place.

import type { CompilationUnit } from '../../compiler/compilation_unit.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { freezeModule } from '../../compiler/passes/freeze_module.js';
import { optimizeFrozenGraph } from '../../compiler/passes/frozen_graph_optimizations.js';
import { optimizeForInference } from '../../compiler/passes/optimize_for_inference.js';
import { runtimeError } from '../errors.js';
import { ModuleHandle } from './handles.js';
import { cloneModule } from './module_clone.js';

/** torch._C._freeze_module: a frozen clone of the module; the module itself is unchanged. */
export function freezeScriptModule(
  unit: CompilationUnit,
  handle: ModuleHandle,
  preservedAttrs: readonly string[],
): ModuleHandle {
  const clone = cloneModule(unit, { info: handle.info, object: handle.object });
  freezeModule(clone.object, preservedAttrs);
  return new ModuleHandle(clone.info, clone.object);
}

function compiledMethod(handle: ModuleHandle, name: string): ScriptFunction {
  const fn = handle.info.method(name);
  if (fn === null) {
    throw runtimeError(`Method '${name}' is not defined on ${handle.originalName}`);
  }
  fn.ensureDefined();
  return fn;
}

/** torch._C._jit_pass_optimize_frozen_graph on the graph of method `name`. */
export function optimizeFrozenMethod(
  handle: ModuleHandle,
  name: string,
  optimizeNumerics: boolean,
): void {
  optimizeFrozenGraph(compiledMethod(handle, name).graph, optimizeNumerics);
}

/**
 * torch._C._jit_pass_optimize_for_inference on a frozen module: forward and `otherMethods`
 * rewritten for inference. As in PyTorch, a module that still has `training` (not frozen) would
 * be frozen into a new module that the Python caller never sees, so it is left as it is.
 */
export function optimizeModuleForInference(
  handle: ModuleHandle,
  otherMethods: readonly string[],
): void {
  if (handle.info.type.findAttribute('training') !== undefined) return;
  const names = handle.hasMethod('forward') ? ['forward', ...otherMethods] : [...otherMethods];
  for (const name of names) optimizeForInference(compiledMethod(handle, name).graph);
}
