// Peephole rules over values that are not tensors (PeepholeOptimizeNonTensor):
//
//   prim::If whose bool output is True in the then branch and False in the else one  -> the condition
//   x is None / x is not None, one side None and the other never  -> False / True
//   unchecked_unwrap_optional(x), unchecked_cast(x) of what x already is  -> x
//   int(x), ceil(x) of an int x  -> x
//   x == x, x != x of an int, bool or str  -> True / False
//   x * 1, x // 1, x + 0, x - 0 of ints  -> x; (x + 2) - 1  -> x + 1

import { insertConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { isSubtype, unifyTypes, unshaped } from '../types/subtype.js';
import { OptionalType, Types, UnionType } from '../types/types.js';

/** c10's Value::mustBeNone: None typed, or a constant Optional holding no value. */
export function mustBeNone(v: Value): boolean {
  if (v.type === Types.None) return true;
  const n = v.node;
  return (
    n !== null &&
    n.kind === 'prim::Constant' &&
    n.attributes.size === 0 &&
    v.type instanceof OptionalType
  );
}

/** c10's Value::mustNotBeNone: a type that cannot hold None. */
export function mustNotBeNone(v: Value): boolean {
  const t = v.type;
  if (t === Types.None || t instanceof OptionalType) return false;
  return !(t instanceof UnionType && t.members.some((m) => m === Types.None));
}

function replaceWithConstant(n: Node, value: boolean | bigint): void {
  const g = n.graph;
  const c = g.withInsertPoint(n, () => insertConstant(g, value));
  n.output().replaceAllUsesWith(c);
}

class NonTensorPeephole {
  changed = false;

  optimizeBlock(block: Block): void {
    // A snapshot: rules insert constants before the node they replace.
    for (const n of [...block.nodes]) {
      for (const b of n.blocks) this.optimizeBlock(b);
      this.optimizeNode(n);
    }
  }

  private optimizeNode(n: Node): void {
    switch (n.kind) {
      case 'prim::If':
        return this.simplifyIf(n);
      case 'aten::__is__':
      case 'aten::__isnot__':
        return this.simplifyNoneCheck(n);
      case 'prim::unchecked_unwrap_optional':
      case 'aten::_unwrap_optional':
        if (mustNotBeNone(n.inputs[0])) this.replace(n.output(), n.inputs[0]);
        return;
      case 'prim::unchecked_cast':
        if (isSubtype(unshaped(n.inputs[0].type), unshaped(n.output().type)))
          this.replace(n.output(), n.inputs[0]);
        return;
      case 'aten::Int':
      case 'aten::ceil':
        if (n.inputs.length === 1 && n.inputs[0].type === Types.int)
          this.replace(n.output(), n.inputs[0]);
        return;
      case 'aten::eq':
      case 'aten::ne':
        return this.simplifySelfComparison(n);
      case 'aten::mul':
      case 'aten::floordiv':
        return this.simplifyMulOrDiv(n);
      case 'aten::add':
      case 'aten::sub':
        return this.simplifyAddOrSub(n);
    }
  }

  private replace(from: Value, to: Value): void {
    from.replaceAllUsesWith(to);
    this.changed = true;
  }

  /** Redundant short circuits (`x and True`, `x or False`), and outputs never None. */
  private simplifyIf(n: Node): void {
    const [thenBlock, elseBlock] = n.blocks;
    n.outputs.forEach((o, i) => {
      if (o.type !== Types.bool) return;
      const whenTrue = toIValue(thenBlock.outputs[i]) ?? false;
      const whenFalse = toIValue(elseBlock.outputs[i]) ?? true;
      if (whenTrue === true && whenFalse === false) this.replace(o, n.inputs[0]);
    });
    n.outputs.forEach((o, i) => {
      const [t, e] = [thenBlock.outputs[i].type, elseBlock.outputs[i].type];
      if (!(o.type instanceof OptionalType) || t instanceof OptionalType) return;
      if (e instanceof OptionalType) return;
      const unified = unifyTypes(t, e);
      if (unified === null) return;
      o.setType(unified);
      this.changed = true;
    });
  }

  private simplifyNoneCheck(n: Node): void {
    for (const side of [0, 1]) {
      if (mustBeNone(n.inputs[side]) && mustNotBeNone(n.inputs[1 - side])) {
        replaceWithConstant(n, n.kind === 'aten::__isnot__');
        this.changed = true;
      }
    }
  }

  /** Comparing an immutable value with itself; tensors and floats (nan) are left alone. */
  private simplifySelfComparison(n: Node): void {
    if (n.inputs.length !== 2 || n.inputs[0] !== n.inputs[1]) return;
    const t = n.inputs[0].type;
    const base = t instanceof OptionalType ? t.elem : t;
    if (base !== Types.int && base !== Types.bool && base !== Types.str) return;
    replaceWithConstant(n, n.kind === 'aten::eq');
    this.changed = true;
  }

  private simplifyMulOrDiv(n: Node): void {
    if (intOperand(n) === 1n) this.replace(n.output(), n.inputs[0]);
  }

  /** `x + 0` is x; `(x + a) - b` becomes `x + (a - b)`, or x when that is 0. */
  private simplifyAddOrSub(n: Node): void {
    const constant = intOperand(n);
    if (constant === undefined) return;
    if (constant === 0n) return this.replace(n.output(), n.inputs[0]);
    const dep = n.inputs[0].node;
    if (dep === null || (dep.kind !== 'aten::add' && dep.kind !== 'aten::sub')) return;
    const delta = intOperand(dep);
    if (delta === undefined) return;
    const merged = dep.kind === n.kind ? constant + delta : constant - delta;
    if (merged === 0n) return this.replace(n.output(), dep.inputs[0]);
    const g = n.graph;
    n.replaceInput(0, dep.inputs[0]);
    n.replaceInput(
      1,
      g.withInsertPoint(n, () => insertConstant(g, merged)),
    );
    this.changed = true;
  }
}

/**
 * The constant int operand of a binary int node, moved second for `+` and `*` (c10's
 * checkArithNode permutes the node's inputs so).
 */
function intOperand(n: Node): bigint | undefined {
  if (n.inputs.length !== 2 || n.output().type !== Types.int) return undefined;
  if (n.inputs[0].type !== Types.int || n.inputs[1].type !== Types.int) return undefined;
  const first = toIValue(n.inputs[0]);
  if ((n.kind === 'aten::mul' || n.kind === 'aten::add') && typeof first === 'bigint') {
    const [a, b] = [n.inputs[0], n.inputs[1]];
    n.replaceInput(0, b);
    n.replaceInput(1, a);
    return first;
  }
  const second = toIValue(n.inputs[1]);
  return typeof second === 'bigint' ? second : undefined;
}

export function peepholeOptimizeNonTensor(graph: Graph): boolean {
  const p = new NonTensorPeephole();
  p.optimizeBlock(graph.block);
  return p.changed;
}
