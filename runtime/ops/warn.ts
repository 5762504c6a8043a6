// `warnings.warn(message, stacklevel)` in TorchScript code: aten::warn, which PyTorch implements
// in its interpreter. The message goes to the warning handler (Python's `warnings` module in the
// kernel, stderr without one) as a UserWarning.

import { warn } from '../warnings.js';
import { def } from './registry.js';

// Like Python's warnings.warn, it returns None.
def('aten::warn(str message, int stacklevel=2) -> ()', (message: string): null => {
  warn(message);
  return null;
});
