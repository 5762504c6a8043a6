// A compiled graph as plain data, for drawing: what the notebook kernel turns into a picture.
// The IR itself stays in the thread that compiled it (the Python worker); this view is what
// crosses to the kernel's thread, as JSON, so that no drawing code lives in the runtime.
//
//   graph(%x : Tensor):                  { inputs: [{ id: 'v0', name: '%x', type: 'Tensor' }],
//     %1 : int = prim::Constant[value=1]()  nodes: [{ kind: 'prim::Constant', constant: '1', ... },
//     %2 : Tensor = aten::add(%x, %1, %1)            { kind: 'aten::add', inputs: ['v0', 'v1', ...
//     return (%2)                           outputs: ['v2'] }
//
// With `inlined`, calls of compiled functions and methods carry their callee's body as a block
// (`callee`), recursively, so the drawing can show it in place, as PyTorch's inlined_graph does.

import { ScriptFunction } from '../../compiler/frontend/function.js';
import { constantText, toIValue } from '../../compiler/ir/constants.js';
import type { AttributeValue, Block, Node, Value } from '../../compiler/ir/ir.js';
import { irFloat, irString } from '../../compiler/ir/printer.js';
import { ClassType, FunctionType } from '../../compiler/types/types.js';

export interface ValueView {
  /** Unique in the whole view, callees included. */
  readonly id: string;
  /** As the graph prints it: `%x.1`, `%7`. */
  readonly name: string;
  readonly type: string;
}

export interface SourceView {
  /** `<cell-3>:4:11`, as graph comments print it. */
  readonly location: string;
  /** The source text of the node's range, as written. */
  readonly text: string;
}

export interface BlockView {
  readonly inputs: readonly ValueView[];
  readonly nodes: readonly NodeView[];
  /** Ids of the values the block returns. */
  readonly outputs: readonly string[];
}

export interface NodeView {
  readonly id: string;
  readonly kind: string;
  /** `[name="forward"]`, as the graph prints attributes; empty when there are none. */
  readonly attributes: string;
  /** For prim::Constant: its value as the graph prints it (`1`, `"a"`, `None`). */
  readonly constant: string | null;
  readonly inputs: readonly string[];
  readonly outputs: readonly ValueView[];
  readonly blocks: readonly BlockView[];
  readonly source: SourceView | null;
  /** With `inlined`: the called function's body, its inputs bound to the call's arguments. */
  readonly callee: { readonly name: string; readonly body: BlockView } | null;
}

export interface GraphView {
  readonly name: string;
  readonly body: BlockView;
}

export interface GraphViewOptions {
  /** Show the bodies of called functions and methods inside their calls. */
  readonly inlined?: boolean;
}

/** The view of `fn`'s graph. */
export function graphView(fn: ScriptFunction, options: GraphViewOptions = {}): GraphView {
  const builder = new ViewBuilder(options.inlined === true);
  return { name: fn.qualifiedName, body: builder.block(fn.graph.block, '') };
}

/** Callees nested deeper than this are left as calls: a drawing that deep is unreadable. */
const maxInlineDepth = 8;

class ViewBuilder {
  private nextNode = 0;
  private nextScope = 0;
  private readonly inlining: ScriptFunction[] = [];

  constructor(private readonly inlined: boolean) {}

  /** `scope` keeps the ids of a callee's values apart from its caller's. */
  block(block: Block, scope: string): BlockView {
    return {
      inputs: block.inputs.map((v) => this.value(v, scope)),
      nodes: block.nodes.map((n) => this.node(n, scope)),
      outputs: block.outputs.map((v) => valueId(v, scope)),
    };
  }

  private node(n: Node, scope: string): NodeView {
    return {
      id: `${scope}n${this.nextNode++}`,
      kind: n.kind,
      attributes: attributesText(n),
      constant: n.kind === 'prim::Constant' ? constantLabel(n) : null,
      inputs: n.inputs.map((v) => valueId(v, scope)),
      outputs: n.outputs.map((v) => this.value(v, scope)),
      blocks: n.blocks.map((b) => this.block(b, scope)),
      source: sourceView(n),
      callee: this.inlined ? this.callee(n, scope) : null,
    };
  }

  private value(v: Value, scope: string): ValueView {
    return { id: valueId(v, scope), name: valueName(v), type: v.type.str() };
  }

  /** The callee's body with its parameters renamed to the call's arguments' ids. */
  private callee(n: Node, scope: string): NodeView['callee'] {
    const fn = calledFunction(n);
    if (fn === null || this.inlining.includes(fn) || this.inlining.length >= maxInlineDepth)
      return null;
    fn.ensureDefined();
    const arguments_ = n.kind === 'prim::CallFunction' ? n.inputs.slice(1) : n.inputs;
    const inner = `${scope}c${this.nextScope++}_`;
    this.inlining.push(fn);
    try {
      const body = this.block(fn.graph.block, inner);
      const bound = new Map(body.inputs.map((v, i) => [v.id, valueId(arguments_[i], scope)]));
      return { name: fn.qualifiedName, body: renameInputs(body, bound) };
    } finally {
      this.inlining.pop();
    }
  }
}

/**
 * The callee's parameters become the caller's arguments: its nodes read the caller's values
 * directly, so the drawing connects them without a parameter node.
 */
function renameInputs(body: BlockView, bound: ReadonlyMap<string, string>): BlockView {
  const rename = (id: string) => bound.get(id) ?? id;
  const renameBlock = (b: BlockView): BlockView => ({
    inputs: b.inputs,
    nodes: b.nodes.map(renameNode),
    outputs: b.outputs.map(rename),
  });
  const renameNode = (n: NodeView): NodeView => ({
    ...n,
    inputs: n.inputs.map(rename),
    blocks: n.blocks.map(renameBlock),
    callee: n.callee === null ? null : { name: n.callee.name, body: renameBlock(n.callee.body) },
  });
  return { ...renameBlock(body), inputs: [] };
}

/** The compiled function a prim::CallFunction or prim::CallMethod runs, when it is known. */
function calledFunction(n: Node): ScriptFunction | null {
  if (n.kind === 'prim::CallFunction') {
    const type = n.inputs[0]?.type;
    const fn = type instanceof FunctionType ? type.fn : null;
    return fn instanceof ScriptFunction ? fn : null;
  }
  if (n.kind === 'prim::CallMethod') {
    const self = n.inputs[0]?.type;
    const name = n.attribute('name');
    if (!(self instanceof ClassType) || name?.kind !== 's') return null;
    const method = self.methods.get(name.value);
    return method instanceof ScriptFunction ? method : null;
  }
  return null;
}

function valueId(v: Value, scope: string): string {
  return `${scope}v${v.unique}`;
}

function valueName(v: Value): string {
  return `%${v.debugName ?? v.unique}`;
}

function sourceView(n: Node): SourceView | null {
  const range = n.sourceRange;
  if (range === null) return null;
  return { location: range.toString(), text: range.text };
}

function constantLabel(n: Node): string {
  const attribute = n.attribute('name');
  // A function constant (what prim::CallFunction calls) is shown by the function's name.
  if (attribute?.kind === 's' && n.outputs[0]?.type instanceof FunctionType) return attribute.value;
  const value = toIValue(n.outputs[0]);
  if (value === undefined) return n.outputs[0]?.type.str() ?? '';
  try {
    return constantText(value);
  } catch {
    // A runtime object without a printer: its type says what it is.
    return n.outputs[0].type.str();
  }
}

/** `[name="forward", value=1]`; a constant's value is shown by `constant` instead. */
function attributesText(n: Node): string {
  const parts: string[] = [];
  for (const [name, value] of n.attributes) {
    if (n.kind === 'prim::Constant' && name === 'value') continue;
    parts.push(`${name}=${attributeText(value)}`);
  }
  return parts.length === 0 ? '' : `[${parts.join(', ')}]`;
}

function attributeText(a: AttributeValue): string {
  switch (a.kind) {
    case 'i':
      return String(a.value);
    case 'f':
      return irFloat(a.value);
    case 's':
      return irString(a.value);
    case 'b':
      return a.value ? '1' : '0';
    case 'is':
      return `[${a.value.join(', ')}]`;
    case 'ss':
      return `[${a.value.map(irString).join(', ')}]`;
    case 'ty':
      return a.value.str();
    case 'g':
      return '<Graph>';
    case 'ival':
      return '<IValue>';
  }
}
