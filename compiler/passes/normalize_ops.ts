// Op aliases to their standard spelling (torch.greater -> aten::gt), so later passes and the
// printers see one name per operation.

import type { Block, Graph } from '../ir/ir.js';

const aliases: Record<string, string> = {
  'aten::absolute': 'aten::abs',
  'aten::absolute_': 'aten::abs_',
  'aten::clip': 'aten::clamp',
  'aten::clip_': 'aten::clamp_',
  'aten::linalg_det': 'aten::det',
  'aten::ger': 'aten::outer',
  'aten::arccos': 'aten::acos',
  'aten::arccos_': 'aten::acos_',
  'aten::arcsin': 'aten::asin',
  'aten::arcsin_': 'aten::asin_',
  'aten::arctan': 'aten::atan',
  'aten::arctan_': 'aten::atan_',
  'aten::arccosh': 'aten::acosh',
  'aten::arccosh_': 'aten::acosh_',
  'aten::arcsinh': 'aten::asinh',
  'aten::arcsinh_': 'aten::asinh_',
  'aten::arctanh': 'aten::atanh',
  'aten::arctanh_': 'aten::atanh_',
  'aten::fix': 'aten::trunc',
  'aten::fix_': 'aten::trunc_',
  'aten::negative': 'aten::neg',
  'aten::negative_': 'aten::neg_',
  'aten::subtract': 'aten::sub',
  'aten::subtract_': 'aten::sub_',
  'aten::greater_equal': 'aten::ge',
  'aten::greater_equal_': 'aten::ge_',
  'aten::greater': 'aten::gt',
  'aten::greater_': 'aten::gt_',
  'aten::less_equal': 'aten::le',
  'aten::less_equal_': 'aten::le_',
  'aten::less': 'aten::lt',
  'aten::less_': 'aten::lt_',
  'aten::not_equal': 'aten::ne',
  'aten::not_equal_': 'aten::ne_',
  'aten::divide': 'aten::div',
  'aten::divide_': 'aten::div_',
  'aten::multiply': 'aten::mul',
  'aten::multiply_': 'aten::mul_',
  'aten::true_divide': 'aten::div',
  'aten::true_divide_': 'aten::div_',
  'aten::row_stack': 'aten::vstack',
  'aten::swapdims': 'aten::transpose',
  'aten::swapdims_': 'aten::transpose_',
  'aten::swapaxes': 'aten::transpose',
  'aten::swapaxes_': 'aten::transpose_',
  'aten::moveaxis': 'aten::movedim',
  'aten::degrees': 'aten::rad2deg',
  'aten::degrees_': 'aten::rad2deg_',
  'aten::radians': 'aten::deg2rad',
  'aten::radians_': 'aten::deg2rad_',
};

function normalizeBlock(block: Block): void {
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) normalizeBlock(b);
    const target = aliases[n.kind];
    // aten::degrees also has scalar overloads (math.degrees): only tensor calls are aliases.
    if (target === undefined || n.inputs.length === 0 || n.inputs[0].type.kind !== 'Tensor')
      continue;
    const g = n.graph;
    const replacement = g.create(target, n.inputs);
    for (const o of n.outputs) {
      const out = replacement.addOutput(o.type).setDebugName(o.debugName);
      o.replaceAllUsesWith(out);
    }
    replacement.sourceRange = n.sourceRange;
    replacement.scope = n.scope;
    replacement.schemaName =
      n.schemaName === null ? null : target + n.schemaName.slice(n.kind.length);
    block.insertBefore(replacement, n);
    n.destroy();
  }
}

export function normalizeOps(graph: Graph): boolean {
  normalizeBlock(graph.block);
  return true;
}
