// The JS module `_torchscript_notebook`: what a notebook shows of the runtime, asked from Python
// (torch/jit/_display.py, the kernel's magics). Compiled functions come back as data — their
// graph as a GraphView and their code — never as pictures: drawing is the kernel's business.
// Answers are JSON text, which Python reads with json.loads.

import { ScriptFunction } from '../../compiler/frontend/function.js';
import { printGraph } from '../../compiler/ir/printer.js';
import { printFunction } from '../../compiler/printer/python_printer.js';
import { backendInfo } from '../backend/tfjs.js';
import { runtimeError } from '../errors.js';
import { ClassHandle, FunctionHandle, ModuleHandle } from '../jit/handles.js';
import { graphView, type GraphView } from '../jit/graph_view.js';

export const notebookBridgeModuleName = '_torchscript_notebook';

/** A compiled function or method as a notebook shows it. */
export interface CompiledView {
  readonly graph: GraphView;
  /** The graph as str(graph) prints it. */
  readonly text: string;
  readonly code: string;
}

type CompiledHandle = FunctionHandle | ModuleHandle | ClassHandle;

/** The function a handle holds: its own, or its method `method` (modules and classes). */
function compiledFunction(handle: CompiledHandle, method: string | null): ScriptFunction {
  if (handle instanceof FunctionHandle) return handle.fn;
  if (method === null) throw runtimeError(`${handle.qualifiedName}: which method to show?`);
  const fn =
    handle instanceof ModuleHandle ? handle.info.method(method) : classMethod(handle, method);
  if (fn === null)
    throw runtimeError(`Method '${method}' is not defined on ${handle.qualifiedName}`);
  fn.ensureDefined();
  return fn;
}

function classMethod(handle: ClassHandle, name: string): ScriptFunction | null {
  const fn = handle.type.methods.get(name);
  return fn instanceof ScriptFunction ? fn : null;
}

function compiledView(handle: CompiledHandle, method: string | null, inlined: boolean): string {
  const fn = compiledFunction(handle, method);
  const isMethod = !(handle instanceof FunctionHandle);
  const code = printFunction(fn.graph, fn.name, { signature: fn.signature, method: isMethod });
  const view: CompiledView = {
    graph: graphView(fn, { inlined }),
    text: printGraph(fn.graph),
    code,
  };
  return JSON.stringify(view);
}

/** The compiled methods of a TorchScript class, in definition order. */
function classMethodNames(handle: ClassHandle): string {
  const names = [...handle.type.methods].filter(([, fn]) => fn instanceof ScriptFunction);
  return JSON.stringify(names.map(([name]) => name));
}

/** Which tensor backends run and which were found (runtime/backend/tfjs.ts). */
function tensorBackends(): string {
  return JSON.stringify(backendInfo());
}

export function createNotebookBridge(): Record<string, unknown> {
  return { compiledView, classMethodNames, tensorBackends };
}
