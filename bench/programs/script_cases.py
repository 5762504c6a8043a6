"""Benchmark programs that run as Python in both systems: our kernel's Python host (Pyodide with
our torch) and real PyTorch. Each case's setup returns (work, units): `work()` is timed and the
time divided by `units` (steps of a loop run inside one call)."""

import os
import tempfile
import time

import torch
import torch.nn as nn
from torch import Tensor


class MyDecisionGate(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        if x.sum() > 0:
            return x
        else:
            return -x


class MyCell(nn.Module):
    def __init__(self, dg):
        super().__init__()
        self.dg = dg
        self.linear = nn.Linear(4, 4)

    def forward(self, x: Tensor, h: Tensor):
        new_h = torch.tanh(self.dg(self.linear(x)) + h)
        return new_h, new_h


class MyRNNLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = torch.jit.script(MyCell(MyDecisionGate()))

    def forward(self, xs: Tensor):
        h, y = torch.zeros(3, 4), torch.zeros(3, 4)
        for i in range(xs.size(0)):
            y, h = self.cell(xs[i], h)
        return y, h


def int_loop(n: int) -> int:
    total = 0
    for i in range(n):
        total = total + i
    return total


def chain(x: Tensor, w: Tensor) -> Tensor:
    for _ in range(10):
        x = torch.mm(x, w)
    return x


def forked_chains(x: Tensor, w: Tensor) -> Tensor:
    futures = [torch.jit.fork(chain, x, w) for _ in range(4)]
    total = torch.zeros_like(x)
    for f in futures:
        total = total + torch.jit.wait(f)
    return total


def serial_chains(x: Tensor, w: Tensor) -> Tensor:
    total = torch.zeros_like(x)
    for _ in range(4):
        total = total + chain(x, w)
    return total


def _rnn_loop():
    torch.manual_seed(0)
    loop = torch.jit.script(MyRNNLoop())
    xs = torch.rand(1000, 3, 4)
    return (lambda: loop(xs)), 1000


def _int_loop():
    f = torch.jit.script(int_loop)
    return (lambda: f(100_000)), 100_000


def _chains(fn):
    def setup():
        compiled = torch.jit.script(fn)
        x = torch.rand(512, 512) / 512
        w = torch.eye(512)
        return (lambda: compiled(x, w)), 1

    return setup


def _eager_module():
    torch.manual_seed(0)
    m = nn.Linear(4, 4)
    x = torch.rand(2, 4)
    return (lambda: m(x)), 1


def _ten_million_parameters():
    """A scripted 1000 -> 5000 -> 1000 MLP: 10 006 000 parameters, 40 MB of float32."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1000, 5000), nn.ReLU(), nn.Linear(5000, 1000))
    return torch.jit.script(model), os.path.join(tempfile.mkdtemp(), "mlp.pt")


def _save():
    scripted, path = _ten_million_parameters()
    return (lambda: torch.jit.save(scripted, path)), 1


def _load():
    scripted, path = _ten_million_parameters()
    torch.jit.save(scripted, path)
    return (lambda: torch.jit.load(path)), 1


CASES = {
    "MyRNNLoop, per step (scripted, 1000 steps of 3x4)": _rnn_loop,
    "scripted int loop, per iteration (100 000)": _int_loop,
    "4 forked chains of 10 matmul 512": _chains(forked_chains),
    "the same 4 chains run serially": _chains(serial_chains),
    "eager call of nn.Linear(4, 4) on 2x4": _eager_module,
    "torch.jit.save of a 10M-parameter MLP (40 MB)": _save,
    "torch.jit.load of it": _load,
}


def per_iteration(work, min_time=0.3, batches=5):
    # Warm up for as long as a measurement takes: V8 here, PyTorch's profiling executor there,
    # both optimise what they run only after its first runs.
    start = time.perf_counter()
    work()
    while time.perf_counter() - start < min_time:
        work()
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            work()
        if time.perf_counter() - start >= min_time / batches:
            break
        n *= 2
    times = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(n):
            work()
        times.append((time.perf_counter() - start) / n)
    return sorted(times)[len(times) // 2]


def measure(names):
    out = {}
    for name in names:
        if name in CASES:
            work, units = CASES[name]()
            out[name] = per_iteration(work) / units
    return out
