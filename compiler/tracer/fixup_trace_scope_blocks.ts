// What a finished trace goes through before it is shown or run (the end of PyTorch's
// tracer::trace): module attributes become GetAttr reads, module calls become methods of the
// submodules and CallMethod nodes, tuples built only to be unpacked go, dead code goes, and op
// aliases take their standard names.

import type { ScriptFunction } from '../frontend/function.js';
import type { Graph } from '../ir/ir.js';
import { lowerSimpleTuples } from '../passes/lower_tuples.js';
import { normalizeOps } from '../passes/normalize_ops.js';
import { convertTracedAttrReferences } from './convert_traced_attrs.js';
import { liftModuleCalls } from './lift_module_blocks.js';
import { makeDefsDominateUses } from './make_defs_dominate_uses.js';

/**
 * Fixes up a trace's graph; `ofModule` when the graph's first input is the traced module.
 * Returns the methods made for submodule calls.
 */
export function fixupTraceScopeBlocks(graph: Graph, ofModule: boolean): ScriptFunction[] {
  if (ofModule) convertTracedAttrReferences(graph);
  makeDefsDominateUses(graph.block);
  const methods = liftModuleCalls(graph);
  for (const m of methods) lowerSimpleTuples(m.graph);
  lowerSimpleTuples(graph);
  normalizeOps(graph);
  graph.lint();
  return methods;
}
