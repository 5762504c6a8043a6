// The graph a trace records into, as PyTorch's tracer builds it (torch/csrc/jit/frontend/
// tracer.cpp). Running Python code calls operators on real values; each call is appended here as
// a node whose inputs are the Values that stand for its arguments. The state keeps which Value
// stands for which runtime object (a tensor, a module instance): objects are told apart by
// identity, so a view is a new object and an in-place result maps its tensor to a new Value.
//
// Module calls open a scope: a `prim::TracedModuleForward` node whose block receives what the
// call records. After the trace, fixup_trace_scope_blocks.ts turns each such block into a method
// of the submodule's type and the node into a prim::CallMethod.

import { createConstant, type ConstantValue } from '../ir/constants.js';
import type { SourceRange } from '../frontend/source.js';
import { Graph, type Block, type Node, type Value } from '../ir/ir.js';
import type { Type } from '../types/types.js';

/** What only the running Python knows: variable names and where the code that runs now is. */
export interface TracingHost {
  /** The name the innermost Python frame binds `object` to, or '' when it binds none. */
  variableName(object: object): string;
  /** The Python source position of the call being recorded (`file.py:12:0`), if known. */
  sourceRange(): SourceRange | null;
}

/** The node kind of a module call's block while tracing; gone once the trace is fixed up. */
export const tracedModuleForward = 'prim::TracedModuleForward';
/** The node kind that stands for a module attribute (`__module.lin.weight`) while tracing. */
export const tracedAttr = 'prim::TracedAttr';

export class TracingState {
  readonly graph = new Graph();
  private readonly values = new Map<object, Value>();
  /** Module call scopes, outermost first: `__module.a`, `__module.a.lin`. */
  private readonly scopes: string[] = [];

  constructor(private readonly host: TracingHost) {}

  /** `__module.a/__module.a.lin`, as nodes recorded in that call print their scope. */
  get scope(): string | null {
    return this.scopes.length === 0 ? null : this.scopes.join('/');
  }

  // ---- values ----

  /** A graph input of `type`, standing for `object` when it is one (tuples are not). */
  addInput(type: Type, name: string | null, object: object | null): Value {
    const v = this.graph.addInput(type, name);
    if (object !== null) this.values.set(object, v);
    return v;
  }

  /**
   * The Value for a module attribute object (a parameter, a buffer, a submodule), referred to by
   * its qualified name until the trace is fixed up.
   */
  addAttribute(qualifiedName: string, type: Type, object: object | null): Value {
    const n = this.graph.create(tracedAttr, [], [type]);
    n.setAttribute('scope', { kind: 's', value: qualifiedName });
    this.graph.atGraphStart(() => this.graph.insertNode(n));
    if (object !== null) this.values.set(object, n.output());
    return n.output();
  }

  /**
   * The Value standing for `object`, named after the Python variable that holds it the first
   * time it is used unnamed (as PyTorch names traced values); undefined when the trace has none.
   */
  use(object: object): Value | undefined {
    const v = this.values.get(object);
    if (v !== undefined && v.debugName === null) {
      const name = this.host.variableName(object);
      if (name !== '') v.setDebugName(name);
    }
    return v;
  }

  /** The Value for `object` without naming it (outputs of the trace are not named). */
  peek(object: object): Value | undefined {
    return this.values.get(object);
  }

  setValue(object: object, v: Value): void {
    this.values.set(object, v);
  }

  // ---- nodes ----

  /**
   * Inserts `n` where the trace records now, in the current module scope; `located` nodes also
   * get the Python source position (operators and the constants of their arguments do, the
   * nodes the tracer adds around them do not).
   */
  insert(n: Node, located: boolean): Node {
    n.scope = this.scope;
    if (located) n.sourceRange = this.host.sourceRange();
    return this.graph.insertNode(n);
  }

  /** A constant argument: located, as PyTorch records the constants of an operator's inputs. */
  constant(value: ConstantValue, type?: Type): Value {
    return this.insert(createConstant(this.graph, value, null, type), true).output();
  }

  /** None for an optional argument, which PyTorch records without a position. */
  none(type?: Type): Value {
    return this.insert(createConstant(this.graph, null, null, type), false).output();
  }

  /**
   * Inserts `n` right after the node that defines `v` (PyTorch's argument stash puts the
   * conversion of a traced number there), in the scope being recorded.
   */
  insertAfterDefinition(v: Value, n: Node): Node {
    n.scope = this.scope;
    // A block's parameter is defined before the block's first node.
    const block = v.node?.owningBlock ?? v.block!;
    const next = block.nodes[v.node === null ? 0 : block.nodes.indexOf(v.node) + 1];
    this.graph.withInsertPoint(next ?? block, () => this.graph.insertNode(n));
    return n;
  }

  // ---- module scopes ----

  /** A call of the submodule `scope` (`__module.a`) starts: what follows records into it. */
  enterModule(scope: string): void {
    const n = this.graph.create(tracedModuleForward);
    n.setAttribute('scope', { kind: 's', value: scope });
    this.insert(n, false);
    this.scopes.push(scope);
    this.graph.insertPoint = { block: n.addBlock(), before: null };
  }

  /** The call of the innermost submodule returns: recording goes on after its node. */
  exitModule(): void {
    const block: Block = this.graph.insertPoint.block;
    const node = block.owningNode;
    if (node === null || node.kind !== tracedModuleForward) {
      throw new Error('tracer: a module scope ends that did not begin');
    }
    this.scopes.pop();
    this.graph.insertPoint = { block: node.owningBlock!, before: null };
  }
}
