// The peephole pass: small local rewrites, then the list, alias-sensitive and non-tensor ones of
// their own files, then dead code elimination when anything changed (PeepholeOptimize).
//
//   x.t().t()                       -> x
//   int(NumToTensor(i))             -> i
//   x.expand(x.size()), x.type_as(y) of x's own dtype and device  -> x
//   x.size(), x.size(d), len(x.size()), x.dim(), x.dtype, x.device, x.is_cuda,
//   x.is_floating_point()           -> constants, when x's type says (a frozen tensor's does)
//
// The rules that read tensor types ("shape peepholes") are left out for graphs whose types may
// not hold at run time (a function's graph before it is inlined somewhere).
//
// Not done: PyTorch's dictionary idioms, concatenation merging and list slicing.

import { dtypeInfo, dtypes } from '../../runtime/tensor/dtype.js';
import { Device } from '../../runtime/tensor/device.js';
import { ConstantList, insertConstant, toIValue, type ConstantValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { ListType, TensorType, Types, type TensorDetails } from '../types/types.js';
import { eliminateDeadCode } from './dead_code_elimination.js';
import { peepholeOptimizeAliasSensitive } from './peephole_alias_sensitive.js';
import { peepholeOptimizeListIdioms } from './peephole_list_idioms.js';
import { peepholeOptimizeNonTensor } from './peephole_non_tensor.js';

const conversionsOfNumbers = new Set([
  'aten::Float',
  'aten::Int',
  'aten::FloatImplicit',
  'aten::IntImplicit',
  'aten::ScalarImplicit',
]);

/** What a tensor type tells of its value; null for plain `Tensor`. */
function detailsOf(v: Value): TensorDetails | null {
  return v.type instanceof TensorType ? v.type.details : null;
}

/** c10's ScalarType code of a dtype name (`Float` -> 6), as prim::dtype returns it. */
function scalarTypeCode(typeName: string): bigint | undefined {
  const dtype = dtypes.find((d) => dtypeInfo(d).typeName === typeName);
  return dtype === undefined ? undefined : BigInt(dtypeInfo(dtype).scalarType);
}

class Peephole {
  changed = false;

  constructor(private readonly shapePeepholes: boolean) {}

  optimizeBlock(block: Block): void {
    // A snapshot: rules insert constants before the node they replace.
    for (const n of [...block.nodes]) {
      for (const b of n.blocks) this.optimizeBlock(b);
      this.optimizeNode(n);
    }
  }

  private optimizeNode(n: Node): void {
    if (n.kind === 'aten::t' && n.inputs.length === 1) {
      const inner = n.inputs[0].node;
      if (inner?.kind === 'aten::t' && inner.inputs.length === 1)
        this.replace(n.output(), inner.inputs[0]);
    } else if (conversionsOfNumbers.has(n.kind) && n.inputs.length === 1) {
      const inner = n.inputs[0].node;
      if (inner?.kind === 'prim::NumToTensor') this.replace(n.output(), inner.inputs[0]);
    } else if (this.shapePeepholes) {
      this.optimizeShapes(n);
    }
  }

  /** Rules that trust the tensor types of the graph. */
  private optimizeShapes(n: Node): void {
    const input = n.inputs[0];
    const details = input === undefined ? null : detailsOf(input);
    switch (n.kind) {
      case 'aten::expand':
        return this.expand(n, details);
      case 'aten::type_as': {
        const other = detailsOf(n.inputs[1]);
        if (details === null || other === null) return;
        if (details.scalarTypeName !== other.scalarTypeName || details.device !== other.device)
          return;
        return this.replace(n.output(), input);
      }
      case 'aten::size':
        return this.size(n, details);
      case 'aten::len':
        return this.lengthOfSizes(n);
      case 'aten::dim':
        if (details !== null) this.toConstant(n, BigInt(details.sizes.length));
        return;
      case 'prim::dtype': {
        const code = details === null ? undefined : scalarTypeCode(details.scalarTypeName);
        if (code !== undefined) this.toConstant(n, code);
        return;
      }
      case 'prim::device':
        if (details?.device != null) this.toConstant(n, Device.parse(details.device));
        return;
      case 'prim::is_cuda':
        if (details?.device != null) this.toConstant(n, details.device.startsWith('cuda'));
        return;
      case 'aten::is_floating_point':
        if (details !== null)
          this.toConstant(
            n,
            ['Float', 'Double', 'Half', 'BFloat16'].includes(details.scalarTypeName),
          );
        return;
    }
  }

  private expand(n: Node, details: TensorDetails | null): void {
    const sizes = toIValue(n.inputs[1]);
    if (details === null || !(sizes instanceof ConstantList)) return;
    const wanted = sizes.items.map(Number);
    if (wanted.length === details.sizes.length && wanted.every((s, i) => s === details.sizes[i]))
      this.replace(n.output(), n.inputs[0]);
  }

  private size(n: Node, details: TensorDetails | null): void {
    if (details === null) return;
    if (n.inputs.length === 1) {
      const sizes = details.sizes.map((s) => BigInt(s));
      return this.toConstant(n, new ConstantList(sizes, new ListType(Types.int)));
    }
    const dim = toIValue(n.inputs[1]);
    if (n.inputs.length !== 2 || typeof dim !== 'bigint') return;
    const rank = details.sizes.length;
    const d = dim < 0n ? Number(dim) + rank : Number(dim);
    if (d >= 0 && d < rank) this.toConstant(n, BigInt(details.sizes[d]));
  }

  /** len(x.size()) is x's rank, when the size list is used only there. */
  private lengthOfSizes(n: Node): void {
    const sizes = n.inputs[0];
    const sizeNode = sizes?.node;
    if (sizeNode?.kind !== 'aten::size' || sizeNode.inputs.length !== 1) return;
    const details = detailsOf(sizeNode.inputs[0]);
    if (details === null || sizes.uses.length !== 1) return;
    this.toConstant(n, BigInt(details.sizes.length));
  }

  private toConstant(n: Node, value: ConstantValue): void {
    const g = n.graph;
    this.replace(
      n.output(),
      g.withInsertPoint(n, () => insertConstant(g, value)),
    );
  }

  private replace(from: Value, to: Value): void {
    from.replaceAllUsesWith(to);
    this.changed = true;
  }
}

export function peepholeOptimize(graph: Graph, disableShapePeepholes = false): boolean {
  const p = new Peephole(!disableShapePeepholes);
  p.optimizeBlock(graph.block);
  let changed = p.changed;
  changed = peepholeOptimizeListIdioms(graph) || changed;
  changed = peepholeOptimizeAliasSensitive(graph) || changed;
  changed = peepholeOptimizeNonTensor(graph) || changed;
  if (changed) eliminateDeadCode(graph);
  return changed;
}
