// Named views of control-flow nodes' inputs, outputs and blocks.
//
//   outputs* = prim::Loop(max_trip_count, start_condition, carried_inputs*)
//     block0(trip_counter, carried*):  ...  -> (next_condition, carried_outputs*)

import { toIValue } from './constants.js';
import type { Node } from './ir.js';

const int64Max = 2n ** 63n - 1n;

export type LoopType = 'while' | 'for' | 'modified';

/** A `for` over range(n), a `while`, or a for-loop whose condition changes (break). */
export function loopType(loop: Node): LoopType {
  const tripCount = toIValue(loop.inputs[0]);
  const condInput = toIValue(loop.inputs[1]);
  const condNext = toIValue(loop.blocks[0].outputs[0]);
  const alwaysTrue = condInput === true && condNext === true;
  const tripSpecified = tripCount === undefined || tripCount !== int64Max;
  if (alwaysTrue) return tripSpecified ? 'for' : 'while';
  return tripSpecified ? 'modified' : 'while';
}
