"""torch.optim: optimizers that update parameters from the gradients backward() leaves."""

from torch.optim.adam import Adam
from torch.optim.optimizer import Optimizer
from torch.optim.sgd import SGD

__all__ = ["Adam", "Optimizer", "SGD"]
