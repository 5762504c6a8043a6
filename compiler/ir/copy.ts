// Deep copies of graphs (fork subgraphs are copied before they are specialised).

import { Graph } from './ir.js';

export function copyGraph(src: Graph): Graph {
  const g = new Graph();
  const map = new Map(src.inputs.map((v) => [v, g.addInput(v.type, v.debugName)] as const));
  const env = (v: import('./ir.js').Value) => {
    const r = map.get(v);
    if (r === undefined) throw new Error('copyGraph: value defined outside the graph');
    return r;
  };
  for (const n of src.nodes) {
    const c = g.block.appendNode(g.createClone(n, env));
    n.outputs.forEach((o, i) => map.set(o, c.outputs[i]));
  }
  for (const o of src.outputs) g.registerOutput(env(o));
  return g;
}
