"""torch.backends.mkldnn: our tensors are not MKLDNN (oneDNN) tensors, so it is never available,
and torch.jit.optimize_for_inference does what a PyTorch built without MKLDNN does."""

__all__ = ["is_available"]


def is_available():
    """Whether PyTorch is built with MKLDNN support: never, here."""
    return False
