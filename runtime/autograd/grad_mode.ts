// Grad mode: whether operators record the autograd graph. One flag for the thread, shared by eager
// calls from Python and by compiled code: torch.no_grad() in a cell and `with torch.no_grad():` in
// TorchScript (whose no_grad class calls aten::set_grad_enabled) switch the same one, as they
// switch PyTorch's thread-local GradMode.

import { def } from '../ops/registry.js';

/** Read by every operator call that could record: a field of a constant object is the cheapest check. */
export const gradMode = { enabled: true };

export function isGradEnabled(): boolean {
  return gradMode.enabled;
}

export function setGradEnabled(enabled: boolean): void {
  gradMode.enabled = enabled;
}

/** Runs `fn` with grad mode `enabled`, then restores the mode it found. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradMode.enabled;
  gradMode.enabled = enabled;
  try {
    return fn();
  } finally {
    gradMode.enabled = previous;
  }
}

def('aten::is_grad_enabled() -> bool', isGradEnabled);
def('aten::set_grad_enabled(bool val) -> ()', (val: boolean) => {
  setGradEnabled(val);
  return null;
});
