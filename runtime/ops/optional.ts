// `torch.jit._unwrap_optional(x)`: the value of an Optional, checked to be there.

import { runtimeError } from '../errors.js';
import type { IValue } from '../ivalue.js';
import { def } from './registry.js';

def('aten::_unwrap_optional(t(a)? optional) -> t(a)', (optional: IValue) => {
  if (optional === null) throw runtimeError('Unwrapping null optional');
  return optional;
});
