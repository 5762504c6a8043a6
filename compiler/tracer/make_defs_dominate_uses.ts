// Values a module call computes and later code uses become outputs of the call (PyTorch's
// MakeDefsDominateUses). A trace records a tensor made inside a submodule's block and used after
// the call returns as one Value; for the block to become a method, the Value must leave through
// the block's outputs:
//
//   prim::TracedModuleForward[scope="__module.a"]()     %y.2 = prim::TracedModuleForward[...]()
//     block0():                                           block0():
//       %y = aten::relu(%x)             ======>             %y = aten::relu(%x)
//       -> ()                                               -> (%y)
//   %z = aten::add(%y, ...)                             %z = aten::add(%y.2, ...)

import type { Block, Node, Value } from '../ir/ir.js';
import { tracedModuleForward } from './tracing_state.js';

function definingBlock(v: Value): Block {
  return v.node?.owningBlock ?? v.block!;
}

/** The blocks that hold `b`, innermost first, `b` included. */
function enclosingBlocks(b: Block): Block[] {
  const out: Block[] = [];
  for (let cur: Block | null = b; cur !== null; cur = cur.owningNode?.owningBlock ?? null)
    out.push(cur);
  return out;
}

class DefinitionLifter {
  /** What a use of a value must use instead: its copy lifted out to a dominating block. */
  private readonly remap = new Map<Value, Value>();

  run(block: Block): void {
    for (const n of block.nodes) this.processNode(n, block);
    this.processNode(block.returnNode, block);
  }

  private processNode(n: Node, block: Block): void {
    for (let i = 0; i < n.inputs.length; i++) {
      const original = n.inputs[i];
      let input = original;
      const lifted = this.remap.get(original);
      if (lifted !== undefined) {
        n.replaceInput(i, lifted);
        input = lifted;
      }
      if (definingBlock(input) === block) continue;
      const common = new Set(enclosingBlocks(block));
      let v = input;
      let b = definingBlock(input);
      while (!common.has(b)) {
        const owner = b.owningNode!;
        b.addOutput(v);
        v = owner.addOutput(v.type);
        b = owner.owningBlock!;
      }
      this.remap.set(original, v);
      n.replaceInput(i, v);
    }
    if (n.kind === tracedModuleForward) this.run(n.blocks[0]);
  }
}

/** Lifts every value used outside the module call that defines it into that call's outputs. */
export function makeDefsDominateUses(block: Block): void {
  new DefinitionLifter().run(block);
}
