// Deep copies of graphs: nested blocks and the subgraphs nodes hold (prim::fork's) are copied
// too, so that changing the copy never changes the original. Types may be remapped on the way
// (a cloned module's methods refer to the clone's types).

import { Graph, type Block, type Value } from './ir.js';
import type { Type } from '../types/types.js';

/**
 * Copies `src` into the empty graph `dst`, every value's type remapped; subgraphs (prim::fork's)
 * are copied too, so that changing the copy never changes the original.
 */
export function copyGraphInto(dst: Graph, src: Graph, remap: (t: Type) => Type = (t) => t): void {
  const map = new Map<Value, Value>(src.inputs.map((v) => [v, dst.addInput(v.type, v.debugName)]));
  const env = (v: Value): Value => {
    const r = map.get(v);
    if (r === undefined) throw new Error('copyGraphInto: a value defined outside the graph');
    return r;
  };
  for (const n of src.nodes) {
    const c = dst.block.appendNode(dst.createClone(n, env));
    n.outputs.forEach((o, i) => map.set(o, c.outputs[i]));
  }
  for (const o of src.outputs) dst.registerOutput(env(o));
  remapBlockTypes(dst.block, remap);
}

function remapBlockTypes(block: Block, remap: (t: Type) => Type): void {
  for (const v of block.inputs) v.setType(remap(v.type));
  for (const n of block.nodes) {
    for (const o of n.outputs) o.setType(remap(o.type));
    for (const [name, a] of n.attributes) {
      if (a.kind === 'ty') n.setAttribute(name, { kind: 'ty', value: remap(a.value) });
      if (a.kind === 'g') {
        const sub = new Graph();
        copyGraphInto(sub, a.value, remap);
        n.setAttribute(name, { kind: 'g', value: sub });
      }
    }
    for (const b of n.blocks) remapBlockTypes(b, remap);
  }
}

/** A deep copy of `src`. */
export function deepCopyGraph(src: Graph): Graph {
  const g = new Graph();
  copyGraphInto(g, src);
  return g;
}
