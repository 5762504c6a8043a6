// Tensors a node keeps for its backward (PyTorch's SavedVariable). Each remembers the version of its
// storage when saved: an in-place write before backward would make the gradient wrong, so using it
// then fails with PyTorch's message. A backward pass that does not retain the graph frees them.

import { runtimeError } from '../errors.js';
import { dtypeInfo } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

export const freedMessage =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;

  constructor(t: Tensor) {
    this.tensor = t;
    this.version = t.storage.version;
  }

  unpack(): Tensor {
    const t = this.tensor;
    if (t === null) throw runtimeError(freedMessage);
    if (t.storage.version !== this.version) throw runtimeError(this.modifiedMessage(t));
    return t;
  }

  release(): void {
    this.tensor = null;
  }

  private modifiedMessage(t: Tensor): string {
    const type = `torch.${dtypeInfo(t.dtype).legacyName}`;
    // PyTorch names the node that made the tensor now (after the in-place change).
    const which = t.gradFn === null ? '' : `, which is output ${t.outputNr} of ${t.gradFn.name},`;
    return (
      'one of the variables needed for gradient computation has been modified by an inplace ' +
      `operation: [${type} [${t.shape.join(', ')}]]${which} is at version ${t.storage.version}; ` +
      `expected version ${this.version} instead. Hint: enable anomaly detection to find the ` +
      'operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).'
    );
  }
}
