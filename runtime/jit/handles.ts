// What the torch package holds for compiled things: a function (graph, code, schema, calls from
// Python) and a TorchScript class. Calls decode Python's arguments from the wire, bind them to
// the signature as PyTorch's argument parser does, run the graph as a root task, and encode the
// result for Python.

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import type { ModuleInfo } from '../../compiler/frontend/module_value.js';
import { constantText, constantType } from '../../compiler/ir/constants.js';
import { printGraph } from '../../compiler/ir/printer.js';
import { inlinedGraph } from '../../compiler/passes/inline.js';
import { printFunction } from '../../compiler/printer/python_printer.js';
import type { Signature } from '../../compiler/types/signature.js';
import { TupleType, type ClassType } from '../../compiler/types/types.js';
import { runtimeError } from '../errors.js';
import { codeFor } from '../interpreter/code.js';
import type { ScriptObject } from '../interpreter/objects.js';
import { runtimeValue } from '../interpreter/constants.js';
import { scheduler } from '../interpreter/tasks.js';
import { interpreterFailure } from '../interpreter/failures.js';
import { tracing } from '../python/trace_hook.js';
import { decodeCall, encodeValue, type WireResult } from '../python/wire.js';
import { argumentFromPython, fromPython, toPython } from './values.js';

/** `fn(int[] l, int i, int n=2) -> int`, as PyTorch prints a schema. */
export function schemaText(name: string, sig: Signature, skipSelf = false): string {
  const args = (skipSelf ? sig.args.slice(1) : sig.args).map((a) => {
    const d = a.default === undefined ? '' : `=${constantText(a.default)}`;
    return `${a.type.str()} ${a.name}${d}`;
  });
  const result = sig.returns[0].type;
  // A tuple result gets parentheses of its own, unlike several results.
  const returns = result instanceof TupleType ? `(${result.str()})` : result.str();
  return `${name}(${args.join(', ')}) -> ${returns}`;
}

/** Python's arguments bound to `sig`'s parameters, as runtime values. */
export function bindArguments(
  name: string,
  sig: Signature,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  prefix: readonly unknown[] = [],
): unknown[] {
  const params = sig.args;
  const schema = () => schemaText(name, sig);
  const declaration = () => `Declaration: ${schema()}`;
  if (prefix.length + args.length > params.length) {
    throw runtimeError(
      `${name}() expected at most ${params.length} argument(s) but received ${prefix.length + args.length} argument(s). ${declaration()}`,
    );
  }
  const bound: unknown[] = [...prefix];
  for (let i = prefix.length; i < params.length; i++) {
    const p = params[i];
    const k = i - prefix.length;
    let value: unknown;
    if (k < args.length) value = args[k];
    else if (p.name in kwargs) value = kwargs[p.name];
    else if (p.default !== undefined) {
      bound.push(runtimeValue(p.default, p.type));
      continue;
    } else {
      throw runtimeError(`${name}() is missing value for argument '${p.name}'. ${declaration()}`);
    }
    bound.push(argumentFromPython(value, p.type, i - prefix.length, name, p.name, schema));
  }
  for (const key of Object.keys(kwargs)) {
    if (!params.some((p) => p.name === key)) {
      throw runtimeError(`${name}() got an unexpected keyword argument '${key}'. ${declaration()}`);
    }
  }
  return bound;
}

/**
 * Runs `fn` (a method of bound[0] when `method`) on bound runtime arguments; its result in the
 * wire's Python form. A running trace records the call instead of what the callee does.
 */
export function runFunction(fn: ScriptFunction, bound: unknown[], method = false): WireResult {
  let result: unknown;
  const run = () => scheduler.runRoot(fn.name, () => codeFor(fn.graph).run(bound) as never);
  try {
    const recorder = tracing.recorder;
    result = recorder === null ? run() : recorder.recordScriptCall(fn, bound, method, run);
  } catch (e) {
    throw interpreterFailure(e, fn.name);
  }
  return encodeValue(toPython(result, fn.signature.returns[0].type));
}

export class FunctionHandle {
  constructor(readonly fn: ScriptFunction) {}

  get name(): string {
    return this.fn.name;
  }

  get qualifiedName(): string {
    return this.fn.qualifiedName;
  }

  graph(): string {
    return printGraph(this.fn.graph);
  }

  inlinedGraph(): string {
    return printGraph(inlinedGraph(this.fn.graph));
  }

  code(): string {
    return printFunction(this.fn.graph, this.fn.name, { signature: this.fn.signature });
  }

  schema(): string {
    return schemaText(this.fn.name, this.fn.signature);
  }

  returnType(): string {
    return this.fn.signature.returns[0].type.annotation();
  }

  call(codes: string, ...values: unknown[]): WireResult {
    const { args, kwargs } = decodeCall(codes, values);
    return runFunction(this.fn, bindArguments(this.fn.name, this.fn.signature, args, kwargs));
  }
}

/** A TorchScript class compiled from Python: the compiler's type, for annotations and calls. */
export class ClassHandle {
  constructor(readonly type: ClassType) {}

  get qualifiedName(): string {
    return this.type.qualifiedName;
  }
}

/** A scripted module: its compiled type (ModuleInfo) and instance, as Python's wrapper holds it. */
export class ModuleHandle {
  constructor(
    readonly info: ModuleInfo,
    readonly object: ScriptObject,
  ) {}

  get qualifiedName(): string {
    return this.info.type.qualifiedName;
  }

  /** The Python class's name: RecursiveScriptModule(original_name=...). */
  get originalName(): string {
    return this.info.type.name;
  }

  /** Compiled methods only: forward, exported ones and what they call (not any Python method). */
  hasMethod(name: string): boolean {
    return this.info.type.methods.has(name);
  }

  private method(name: string): ScriptFunction {
    const fn = this.info.method(name);
    if (fn === null) throw runtimeError(`Method '${name}' is not defined on ${this.originalName}`);
    fn.ensureDefined();
    return fn;
  }

  graph(name: string): string {
    return printGraph(this.method(name).graph);
  }

  inlinedGraph(name: string): string {
    return printGraph(inlinedGraph(this.method(name).graph));
  }

  code(name: string): string {
    const fn = this.method(name);
    return printFunction(fn.graph, name, { signature: fn.signature, method: true });
  }

  schema(name: string): string {
    return schemaText(name, this.method(name).signature);
  }

  returnType(name: string): string {
    return this.method(name).signature.returns[0].type.annotation();
  }

  call(name: string, codes: string, ...values: unknown[]): WireResult {
    const fn = this.method(name);
    const { args, kwargs } = decodeCall(codes, values);
    return runFunction(fn, bindArguments(name, fn.signature, args, kwargs, [this.object]), true);
  }

  /** The parameters' and buffers' names, in order: a loaded module's Python side needs them. */
  parameterNames(): string[] {
    return this.info.type.attributes.filter((a) => a.isParameter).map((a) => a.name);
  }

  bufferNames(): string[] {
    return this.info.type.attributes.filter((a) => a.isBuffer).map((a) => a.name);
  }

  /** The TorchScript attributes (training, parameters, buffers, others); not submodules. */
  attributeNames(): string[] {
    return this.info.type.attributes
      .map((a) => a.name)
      .filter((name) => !this.info.submodules.has(name));
  }

  /** Final and __constants__ names: Python reads them as attributes. */
  constantNames(): string[] {
    return [...this.info.constants.keys()];
  }

  getConstant(name: string): WireResult {
    const value = this.info.constants.get(name);
    if (value === undefined) throw runtimeError(`${this.originalName} has no constant ${name}`);
    const type = constantType(value);
    return encodeValue(toPython(runtimeValue(value, type), type));
  }

  submoduleNames(): string[] {
    return [...this.info.submodules.keys()];
  }

  submodule(name: string): ModuleHandle {
    const info = this.info.submodules.get(name);
    if (info === undefined) throw runtimeError(`${this.originalName} has no submodule ${name}`);
    return new ModuleHandle(info, this.object.getAttr(name) as ScriptObject);
  }

  getAttr(name: string): WireResult {
    const attribute = this.info.type.findAttribute(name);
    if (attribute === undefined)
      throw runtimeError(`${this.originalName} has no attribute ${name}`);
    return encodeValue(toPython(this.object.getAttr(name), attribute.type));
  }

  setAttr(name: string, codes: string, ...values: unknown[]): void {
    const attribute = this.info.type.findAttribute(name);
    if (attribute === undefined)
      throw runtimeError(`${this.originalName} has no attribute ${name}`);
    const [value] = decodeCall(codes, values).args;
    this.object.setAttr(name, fromPython(value, attribute.type, name, name) as never);
  }
}
