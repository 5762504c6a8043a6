// Which nodes draw random numbers, so that passes neither merge two of them (CSE) nor run them
// at compile time (constant propagation): c10's list of nondeterministic operators. A dropout
// whose `train` is a constant False is deterministic: it returns its input.

import { toIValue } from '../ir/constants.js';
import type { Node } from '../ir/ir.js';

const nondeterministicKinds = new Set([
  'aten::dropout',
  'aten::_fused_dropout',
  'aten::_standard_gamma',
  'aten::bernoulli',
  'aten::multinomial',
  'aten::native_dropout',
  'aten::normal',
  'aten::poisson',
  'aten::binomial',
  'aten::rrelu',
  'aten::rrelu_with_noise',
  'aten::rand',
  'aten::rand_like',
  'aten::randint',
  'aten::randint_like',
  'aten::randn',
  'aten::randn_like',
  'aten::randperm',
]);

export function isNondeterministic(n: Node): boolean {
  if (!nondeterministicKinds.has(n.kind)) return false;
  if (n.kind === 'aten::dropout' && n.inputs.length === 3) return toIValue(n.inputs[2]) !== false;
  return true;
}
