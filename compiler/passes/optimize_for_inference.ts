// The graph passes of torch.jit.optimize_for_inference on a frozen graph, for this build.
//
// PyTorch 1.13 runs FuseFrozenConvAddRelu (CUDA builds with cuDNN only, for CUDA weights),
// ConvertFrozenOpsToMKLDNN (MKLDNN builds only) and FrozenLinearTranspose. Our tensors are
// neither cuDNN's nor MKLDNN's (torch.backends.mkldnn.is_available() is False), so what runs is
// what a PyTorch built without them runs: the linear transpose.

import type { Graph } from '../ir/ir.js';
import { frozenLinearTranspose } from './frozen_linear_transpose.js';

export function optimizeForInference(graph: Graph): void {
  frozenLinearTranspose(graph);
}
