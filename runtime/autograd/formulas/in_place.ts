// In-place variants (add_, mul_, relu_...) differentiate as their functional operator does, under
// the same node name: PyTorch's derivatives.yaml declares them together.

import { lookup } from '../../ops/registry.js';
import type { Derivative } from '../derivatives.js';

/** `aten::add.Tensor` → `aten::add_.Tensor`. */
function inPlaceName(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot < 0 ? `${qualified}_` : `${qualified.slice(0, dot)}_${qualified.slice(dot)}`;
}

/** The entries, and the same derivative for each in-place variant the registry has. */
export function withInPlace(
  entries: Readonly<Record<string, Derivative>>,
): Record<string, Derivative> {
  const all: Record<string, Derivative> = { ...entries };
  for (const [qualified, derivative] of Object.entries(entries)) {
    const inPlace = inPlaceName(qualified);
    if (lookup(inPlace) !== undefined) all[inPlace] = derivative;
  }
  return all;
}
