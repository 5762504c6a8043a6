// The clean-up PyTorch runs on every graph it compiles, before the graph is shown or run.

import type { Graph } from '../ir/ir.js';
import { annotateWarns } from './annotate_warns.js';
import { canonicalizeOutputs } from './canonicalize_outputs.js';
import { constantPooling } from './constant_pooling.js';
import { constantPropagationImmutableTypes } from './constant_propagation.js';
import { eraseEmptyListLiterals } from './erase_list_literals.js';
import { inlineForkedClosures } from './inline_forked_closures.js';
import { liftClosures } from './lift_closures.js';
import { lowerSimpleTuples } from './lower_tuples.js';

export function runCleanupPasses(graph: Graph): void {
  liftClosures(graph, runCleanupPasses);
  inlineForkedClosures(graph, runCleanupPasses);
  eraseEmptyListLiterals(graph);
  lowerSimpleTuples(graph);
  constantPropagationImmutableTypes(graph);
  constantPooling(graph);
  canonicalizeOutputs(graph);
  annotateWarns(graph);
}
