// torch.jit.save of a scripted function: PyTorch saves the function as the `forward` of a module
// class __torch__.PlaceholderModule (with only `training`), its parameters' defaults dropped,
// and loading gives that module back.

import { ScriptFunction } from '../frontend/function.js';
import type { ModuleInfo } from '../frontend/module_value.js';
import type { Value } from '../ir/ir.js';
import { ClassType, Types } from '../types/types.js';

export const placeholderModuleName = '__torch__.PlaceholderModule';

/** The module type whose forward is `fn`; its graph is a copy of fn's with `self` in front. */
export function placeholderModule(fn: ScriptFunction): ModuleInfo {
  const type = new ClassType(placeholderModuleName, true);
  type.addAttribute('training', Types.bool);
  const forward = new ScriptFunction(`${placeholderModuleName}.forward`, (f) => {
    const sig = fn.signature;
    const g = f.graph;
    g.addInput(type, 'self');
    const map = new Map<Value, Value>(
      fn.graph.inputs.map((v) => [v, g.addInput(v.type, v.debugName)]),
    );
    const env = (v: Value): Value => {
      const mapped = map.get(v);
      if (mapped === undefined)
        throw new Error('placeholderModule: a value from outside the graph');
      return mapped;
    };
    for (const n of fn.graph.nodes) {
      const c = g.block.appendNode(g.createClone(n, env));
      n.outputs.forEach((o, i) => map.set(o, c.outputs[i]));
    }
    for (const o of fn.graph.outputs) g.registerOutput(env(o));
    const selfArg = { name: 'self', type, n: null, kwargOnly: false, isWrite: false };
    const args = sig.args.map(({ name, type: t, n, kwargOnly, isWrite }) => ({
      name,
      type: t,
      n,
      kwargOnly,
      isWrite,
    }));
    return { ...sig, name: `${placeholderModuleName}.forward`, args: [selfArg, ...args] };
  });
  type.methods.set('forward', forward);
  return {
    type,
    kind: 'module',
    submodules: new Map(),
    constants: new Map(),
    ignored: new Map(),
    failedAttributes: new Map(),
    method: (name) => (name === 'forward' ? forward : null),
  };
}
