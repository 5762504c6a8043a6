// Peephole rules that must ask alias analysis first (PeepholeOptimizeAliasSensitive):
//
//   aten::dim(conv2d(...))        -> 4 (3 for conv1d, 5 for conv3d): frees batch norm's input
//                                    check, so that conv -> batch norm folding sees them adjacent
//   x + 0, x - 0, x * 1, x / 1    -> x, when that changes neither the result's dtype (a float
//                                    scalar promotes an integer tensor) nor who aliases whom

import { insertConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { TensorType, Types } from '../types/types.js';
import { AliasQueries } from './alias_queries.js';

const convOutputRanks: Readonly<Record<string, bigint>> = {
  'aten::conv1d': 3n,
  'aten::conv2d': 4n,
  'aten::conv3d': 5n,
};

/** Whether a tensor type is known to hold floating point numbers. */
function isFloatingPoint(t: Value['type']): boolean {
  if (!(t instanceof TensorType) || t.details === null) return false;
  return ['Float', 'Double', 'Half', 'BFloat16'].includes(t.details.scalarTypeName);
}

/** A constant Scalar operand as a number, or undefined. */
function scalarOperand(v: Value): number | undefined {
  const c = toIValue(v);
  if (typeof c === 'bigint') return Number(c);
  if (typeof c === 'number') return c;
  if (typeof c === 'boolean') return c ? 1 : 0;
  return undefined;
}

class AliasSensitivePeephole {
  changed = false;

  constructor(private readonly aliases: AliasQueries) {}

  run(block: Block): void {
    // A snapshot: rules insert constants into the block.
    for (const n of [...block.nodes]) {
      for (const b of n.blocks) this.run(b);
      const rank = convOutputRanks[n.kind];
      if (rank !== undefined) this.foldDimOfConv(n, rank);
      else if (isScalarOp(n, 'aten::add', 3) || isScalarOp(n, 'aten::sub', 3)) this.addZero(n);
      else if (isScalarOp(n, 'aten::mul', 2) || isScalarOp(n, 'aten::div', 2)) this.mulOne(n);
    }
  }

  private foldDimOfConv(conv: Node, rank: bigint): void {
    const dims = conv.output().uses.filter((u) => u.user.kind === 'aten::dim');
    // A resize_ of the result would change its rank.
    if (dims.length === 0 || this.aliases.hasWriters(conv.output())) return;
    const g = conv.graph;
    for (const { user } of dims) {
      const c = g.withInsertPoint(user, () => insertConstant(g, rank));
      user.output().replaceAllUsesWith(c);
    }
    this.changed = true;
  }

  private addZero(n: Node): void {
    // A float operand would promote an integer tensor: only ints are safe to drop then.
    if (!isFloatingPoint(n.inputs[0].type)) {
      if (n.inputs[1].type !== Types.int || n.inputs[2].type !== Types.int) return;
    }
    if (scalarOperand(n.inputs[2]) === 1 && scalarOperand(n.inputs[1]) === 0)
      this.replaceOutputWithInput(n);
  }

  private mulOne(n: Node): void {
    if (!isFloatingPoint(n.inputs[0].type)) {
      if (n.kind === 'aten::div' || n.inputs[1].type !== Types.int) return;
    }
    if (scalarOperand(n.inputs[1]) === 1) this.replaceOutputWithInput(n);
  }

  private replaceOutputWithInput(n: Node): void {
    const [input, output] = [n.inputs[0], n.output()];
    if (!this.aliases.safeToChangeAliasingRelationship([input], [output])) return;
    output.replaceAllUsesWith(input);
    this.changed = true;
  }
}

/** `aten::add(Tensor self, Scalar other, Scalar alpha)` and the like, Scalars constant. */
function isScalarOp(n: Node, kind: string, arity: number): boolean {
  if (n.kind !== kind || n.inputs.length !== arity) return false;
  if (!(n.inputs[0].type instanceof TensorType)) return false;
  return n.inputs
    .slice(1)
    .every((v) => !(v.type instanceof TensorType) && scalarOperand(v) !== undefined);
}

export function peepholeOptimizeAliasSensitive(graph: Graph): boolean {
  const p = new AliasSensitivePeephole(new AliasQueries(graph));
  p.run(graph.block);
  return p.changed;
}
