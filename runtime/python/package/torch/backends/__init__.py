"""torch.backends: which accelerated kernel libraries this build has. Ours has none of
PyTorch's (MKLDNN, cuDNN, ...): our kernels are TensorFlow.js's and our own."""

from torch.backends import mkldnn

__all__ = ["mkldnn"]
