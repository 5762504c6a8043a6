# The introductory tutorial's MyRNNLoop (MyDecisionGate inside MyCell, run over a sequence),
# written as functions: scripting rnn_loop compiles cell and gate with it. The module version
# needs the Python host; until then this is what the compile-time benchmark scripts.
from typing import Tuple

import torch
from torch import Tensor


def gate(x: Tensor) -> Tensor:
    if x.sum() > 0:
        return x
    else:
        return -x


def cell(x: Tensor, h: Tensor, w: Tensor, b: Tensor) -> Tuple[Tensor, Tensor]:
    new_h = torch.tanh(gate(torch.addmm(b, x, w.t())) + h)
    return new_h, new_h


def rnn_loop(xs: Tensor, w: Tensor, b: Tensor) -> Tuple[Tensor, Tensor]:
    h, y = torch.zeros(3, 4), torch.zeros(3, 4)
    for i in range(xs.size(0)):
        y, h = cell(xs[i], h, w, b)
    return y, h
