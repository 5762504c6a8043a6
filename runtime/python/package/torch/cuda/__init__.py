"""torch.cuda: whether a GPU backend registered itself with the runtime (device.ts)."""

from torch import _C


def is_available():
    return _C.cuda_is_available()


def device_count():
    return 1 if is_available() else 0


def manual_seed(seed):
    """Seeds the GPU generator; without a GPU, PyTorch ignores the call too."""
    if is_available():
        raise NotImplementedError("torch.cuda.manual_seed is not supported yet")


def manual_seed_all(seed):
    manual_seed(seed)
