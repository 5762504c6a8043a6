// One run of torch.jit.trace, from its inputs to the compiled result (PyTorch's tracer::trace):
//
//   begin       the recorder is installed; a module trace gets `self` and a TracedAttr for every
//               parameter, buffer and submodule, by qualified name (`__module.lin.weight`);
//   addInputs   each example input becomes a graph input, typed as the trace sees it; tuples and
//               lists are unpacked, dicts read key by key;
//   (Python runs the traced code; operators record themselves)
//   setOutputs  what the code returned, as graph outputs (tuples and lists built, dicts in
//               non-strict mode);
//   finish      the graph is fixed up (submodule calls become methods) and becomes a function of
//               the compilation unit, or a method of the traced module's type.

import type { CompilationUnit } from '../../compiler/compilation_unit.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { createConstant } from '../../compiler/ir/constants.js';
import { createDict, createList, createTuple } from '../../compiler/ir/create.js';
import type { Graph, Value } from '../../compiler/ir/ir.js';
import { fixupTraceScopeBlocks } from '../../compiler/tracer/fixup_trace_scope_blocks.js';
import { graphSignature } from '../../compiler/tracer/graph_signature.js';
import { defineTracedMethod } from '../../compiler/tracer/lift_module_blocks.js';
import {
  ClassType,
  DictType,
  ListType,
  TupleType,
  Types,
  type Type,
} from '../../compiler/types/types.js';
import { runtimeError } from '../errors.js';
import { ScriptObject } from '../interpreter/objects.js';
import { tracing } from '../python/trace_hook.js';
import { c10TensorText } from '../tensor/c10_print.js';
import { Tensor } from '../tensor/tensor.js';
import { Tracer, tensorType, type PythonTracingHost } from './tracer.js';

const strictMessage =
  " might cause the trace to be incorrect, this is only valid if the container structure does not change based on the module's inputs. Consider using a constant container instead (e.g. for `list`, use a `tuple` instead. for `dict`, use a `NamedTuple` instead). If you absolutely need this and know the side effects, pass strict=False to trace() to allow this behavior.";

/** The Python type of an example input, as PyTorch names it in its refusal. */
function inferredTypeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Map) {
    const [k, x] = [...v][0] ?? [null, null];
    return `Dict[${inferredTypeName(k)}, ${inferredTypeName(x)}]`;
  }
  if (Array.isArray(v)) {
    if (Object.isFrozen(v)) return `Tuple[${v.map(inferredTypeName).join(', ')}]`;
    return `List[${v.length === 0 ? 'Tensor' : inferredTypeName(v[0])}]`;
  }
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    default:
      return 'object';
  }
}

function isTraceable(v: unknown): boolean {
  if (v instanceof Tensor) return true;
  if (v instanceof Map) return [...v.values()].every(isTraceable);
  if (Array.isArray(v)) return v.every(isTraceable);
  return false;
}

export class TraceSession {
  readonly tracer: Tracer;
  private readonly graph: Graph;

  constructor(
    host: PythonTracingHost,
    strict: boolean,
    private readonly module: { readonly type: ClassType; readonly object: ScriptObject } | null,
  ) {
    if (tracing.recorder !== null) throw runtimeError("Tracing can't be nested");
    this.tracer = new Tracer(host, strict);
    this.graph = this.tracer.graph;
    if (module !== null) {
      this.tracer.state.addInput(module.type, 'self', module.object);
      this.gatherAttributes(module.object, '__module');
    }
    tracing.recorder = this.tracer;
  }

  /** Parameters, buffers and submodules of `object` (recursively) as TracedAttr values. */
  private gatherAttributes(object: ScriptObject, prefix: string): void {
    for (const a of object.type.attributes) {
      const value = object.fields.get(a.name);
      const qualified = `${prefix}.${a.name}`;
      const objectValue = value instanceof Tensor || value instanceof ScriptObject ? value : null;
      this.tracer.state.addAttribute(qualified, a.type, objectValue);
      if (value instanceof ScriptObject && value.type.isModule) {
        this.gatherAttributes(value, qualified);
      }
    }
  }

  /** The example inputs (a Python tuple), named after the traced callable's parameters. */
  addInputs(inputs: readonly unknown[], names: readonly string[]): void {
    if (!isTraceable(inputs)) {
      throw runtimeError(
        `Type '${inferredTypeName(inputs)}' cannot be traced. Only Tensors and (possibly nested) Lists, Dicts, and Tuples of Tensors can be traced`,
      );
    }
    const named = names.length >= inputs.length;
    inputs.forEach((v, i) => {
      const input = this.graph.addInput(Types.Tensor, named ? names[i] : null);
      this.bindInput(v, input, inputType(v));
    });
  }

  /** Types `value` as the trace saw `v` and makes it (or its unpacked items) stand for `v`. */
  private bindInput(v: unknown, value: Value, type: Type): void {
    value.setType(type);
    const state = this.tracer.state;
    if (v instanceof Tensor) {
      state.setValue(v, value);
      return;
    }
    if (v instanceof Map) {
      for (const [key, item] of v) {
        const keyValue = state.insert(createConstant(this.graph, key as string), false).output();
        const get = this.graph.create(
          'aten::__getitem__',
          [value, keyValue],
          [(type as DictType).value],
        );
        get.schemaName = `aten::__getitem__.Dict_${key instanceof Tensor ? 'Tensor' : 'str'}`;
        state.insert(get, true);
        this.bindInput(item, get.output(), (type as DictType).value);
      }
      return;
    }
    const items = v as readonly unknown[];
    const kind = type instanceof TupleType ? 'prim::TupleUnpack' : 'prim::ListUnpack';
    const types = type instanceof TupleType ? type.elems : items.map(() => (type as ListType).elem);
    const unpack = this.graph.insertNode(this.graph.create(kind, [value], types));
    items.forEach((item, i) => this.bindInput(item, unpack.outputs[i], types[i]));
  }

  /** What the traced code returned: one output of the graph. */
  setOutputs(result: unknown): void {
    if (result === null || result === undefined) {
      throw runtimeError(
        "The traced function didn't return any values! Side-effects are not captured in traces, so it would be a no-op.",
      );
    }
    this.graph.registerOutput(this.output(result, 1));
  }

  private output(v: unknown, index: number): Value {
    const state = this.tracer.state;
    if (v instanceof Tensor) {
      const value = state.peek(v);
      if (value === undefined) {
        throw runtimeError(
          `output ${index} (${c10TensorText(v)}) of traced region did not have observable data dependence with trace inputs; this probably indicates your program cannot be understood by the tracer.`,
        );
      }
      return value;
    }
    if (Array.isArray(v) && Object.isFrozen(v)) {
      const items = v.map((x) => this.output(x, index));
      return this.graph.insertNode(createTuple(this.graph, items)).output();
    }
    if (Array.isArray(v)) {
      if (this.tracer.strict) {
        this.tracer.python.warn(`Encountering a list at the output of the tracer${strictMessage}`);
      }
      const items = v.map((x) => this.output(x, index));
      return this.graph.insertNode(createList(this.graph, Types.Tensor, items)).output();
    }
    if (v instanceof Map) return this.dictOutput(v, index);
    throw runtimeError(
      'Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from traced functions',
    );
  }

  private dictOutput(v: Map<unknown, unknown>, index: number): Value {
    if (this.tracer.strict) {
      throw runtimeError(`Encountering a dict at the output of the tracer${strictMessage}`);
    }
    const keys: Value[] = [];
    const values: Value[] = [];
    for (const [k, x] of v) {
      keys.push(
        k instanceof Tensor ? this.tracer.valueOf(k) : this.tracer.state.constant(String(k)),
      );
      values.push(this.output(x, index));
    }
    const keyType = keys[0]?.type.kind === 'Tensor' ? Types.Tensor : Types.str;
    const type = new DictType(keyType, Types.Tensor);
    return this.graph.insertNode(createDict(this.graph, type, keys, values)).output();
  }

  /** Ends recording and fixes the graph up; returns the methods made for submodule calls. */
  private finish(): ScriptFunction[] {
    this.end();
    return fixupTraceScopeBlocks(this.graph, this.module !== null);
  }

  /** Stops recording, whether the trace finished or failed. */
  end(): void {
    if (tracing.recorder === this.tracer) tracing.recorder = null;
  }

  /** The traced function, defined in `unit` as `qualifiedName` (mangled if taken). */
  finishFunction(unit: CompilationUnit, qualifiedName: string): ScriptFunction {
    this.finish();
    return unit.defineFunctionFrom(
      qualifiedName,
      (fn) => graphSignature(fn.qualifiedName, fn.graph),
      this.graph,
    );
  }

  /** The traced method `name` of the module the trace began with. */
  finishMethod(name: string): ScriptFunction {
    if (this.module === null) throw new Error('tracer: a method trace without a module');
    this.finish();
    return defineTracedMethod(this.module.type, name, this.graph, false);
  }
}

/** The type a trace gives an example input: tensors as seen, list items plain Tensors. */
function inputType(v: unknown): Type {
  if (v instanceof Tensor) return tensorType(v, v.requiresGrad);
  if (v instanceof Map) {
    const key = [...v.keys()][0];
    return new DictType(key instanceof Tensor ? Types.Tensor : Types.str, Types.Tensor);
  }
  if (Array.isArray(v) && Object.isFrozen(v)) return new TupleType(v.map(inputType));
  return new ListType(Types.Tensor);
}
