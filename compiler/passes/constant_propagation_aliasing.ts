// Constant propagation over every type, tensors and lists included (PyTorch's ConstantPropagation,
// as opposed to ConstantPropagationImmutableTypes): a node whose inputs are all constants and
// whose inputs and outputs nothing writes to runs at compile time, its results becoming constants.
// This is what turns a frozen module's weights into precomputed ones:
//
//   %w : Float(2, 3, ...) = prim::Constant[value=<Tensor>]()
//   %t : Tensor = aten::t(%w)              ==>    %t : Float(3, 2, ...) = prim::Constant[...]()
//
// Results that cannot be constants (tensors requiring grad, lists of tensors, objects) leave
// their node in place.

import { lookup } from '../../runtime/ops/registry.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import { insertConstant, toIValue } from '../ir/constants.js';
import type { Graph, Node, Value } from '../ir/ir.js';
import { registrySchema } from '../ir/node_schema.js';
import { insertTensorConstant } from '../ir/tensor_constants.js';
import type { Type } from '../types/types.js';
import { hasSideEffects } from './alias_analysis.js';
import { AliasQueries } from './alias_queries.js';
import { fromRuntime, invokeOperator, toRuntime } from './constant_folding.js';
import { ConstantPropagator } from './constant_propagation.js';
import { eliminateDeadCode } from './dead_code_elimination.js';
import { isNondeterministic } from './nondeterminism.js';

const skip = new Set([
  'prim::If',
  'prim::Loop',
  'prim::Closure',
  'prim::Constant',
  'prim::AutogradZero',
  'prim::Uninitialized',
  'prim::Guard',
  'prim::profile',
  'prim::profile_ivalue',
  'prim::unchecked_unwrap_optional',
  'aten::dequantize',
]);

class AliasingConstantPropagator extends ConstantPropagator {
  private queries: AliasQueries | null = null;

  constructor(private readonly graph: Graph) {
    super();
  }

  protected override supported(n: Node): boolean {
    this.queries ??= new AliasQueries(this.graph);
    return (
      !skip.has(n.kind) &&
      n.blocks.length === 0 &&
      !isNondeterministic(n) &&
      !hasSideEffects(n) &&
      !this.queries.nodeHasWriters(n)
    );
  }

  protected override propagateNode(n: Node): void {
    const outputs = evaluateNode(n);
    if (outputs === undefined) return;
    const g = n.graph;
    g.withInsertPoint(n, () => {
      outputs.forEach((value, i) => {
        const c = tryInsertConstant(g, value, n.outputs[i].type);
        if (c === undefined) return;
        this.changed = true;
        n.outputs[i].replaceAllUsesWith(c);
      });
    });
  }
}

/** The runtime value of a constant input; undefined when it is not a constant. */
function constantInput(v: Value): unknown {
  const c = toIValue(v);
  return c === undefined ? undefined : toRuntime(c, v.type);
}

/** Runs `n` on its constant inputs; its outputs as runtime values, or undefined if it can't. */
export function evaluateNode(n: Node): unknown[] | undefined {
  const args: unknown[] = [];
  for (const v of n.inputs) {
    const value = constantInput(v);
    if (value === undefined) return undefined;
    args.push(value);
  }
  const outputs = runWithArguments(n, args);
  if (outputs === undefined) return undefined;
  // Tensors requiring grad cannot be constants.
  return outputs.some((o) => o instanceof Tensor && o.requiresGrad) ? undefined : outputs;
}

function runWithArguments(n: Node, args: unknown[]): unknown[] | undefined {
  switch (n.kind) {
    case 'prim::ListConstruct':
      return [args];
    case 'prim::TupleConstruct':
      return [Object.freeze(args)];
    case 'prim::TupleIndex': {
      const [items, index] = args;
      if (!Array.isArray(items) || typeof index !== 'number') return undefined;
      const at = index < 0 ? index + items.length : index;
      return at >= 0 && at < items.length ? [items[at]] : undefined;
    }
    case 'prim::ListUnpack':
    case 'prim::TupleUnpack': {
      const items = args[0];
      return Array.isArray(items) && items.length === n.outputs.length ? [...items] : undefined;
    }
    case 'prim::DictConstruct':
    case 'prim::CreateObject':
    case 'prim::GetAttr':
    case 'prim::isinstance':
      return undefined;
  }
  const op = n.schemaName !== null ? lookup(n.schemaName) : registrySchema(n)?.op;
  if (op === undefined || op === null || op.schema.varargs) return undefined;
  let result: unknown;
  try {
    result = invokeOperator(n, op, args);
  } catch {
    return undefined;
  }
  if (n.outputs.length === 1) return [result];
  return Array.isArray(result) ? result : undefined;
}

/** Inserts a runtime value as a constant of static type `type`; undefined when it can't be one. */
export function tryInsertConstant(g: Graph, value: unknown, type: Type): Value | undefined {
  if (value instanceof Tensor)
    return value.requiresGrad ? undefined : insertTensorConstant(g, value);
  const c = fromRuntime(value, type);
  if (c === undefined) return undefined;
  return insertConstant(g, c, null, c === null ? type : undefined);
}

/** PyTorch's ConstantPropagation, dead code eliminated after when it changed anything. */
export function constantPropagation(graph: Graph): boolean {
  const p = new AliasingConstantPropagator(graph);
  p.run(graph.block);
  if (p.changed) eliminateDeadCode(graph);
  return p.changed;
}
