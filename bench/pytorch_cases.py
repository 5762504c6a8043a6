"""PyTorch's side of `npm run bench`: times the same cases as bench/cases.ts, one thread, and
prints {case: seconds per iteration} as JSON. Run by bench/run.ts with /usr/bin/python3."""
import importlib.util
import itertools
import json
import pathlib
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def per_iteration(fn, min_time=0.3, batches=5):
    fn()
    n = 1
    while True:  # find a batch size that runs for min_time / batches
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time / batches:
            break
        n *= 2
    times = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - start) / n)
    return sorted(times)[len(times) // 2]


def small_loop():
    x, y = torch.rand(4), torch.rand(4)
    before = rss_bytes()
    for _ in range(100_000):
        x = x + y
    return rss_bytes() - before


RNN_LOOP = pathlib.Path(__file__).parent / "programs" / "rnn_loop.py"
fresh_names = itertools.count()


def script_rnn_loop():
    """Scripts rnn_loop from a freshly loaded module, so nothing compiled before is reused."""
    spec = importlib.util.spec_from_file_location(f"rnn_loop_{next(fresh_names)}", RNN_LOOP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    start = time.perf_counter()
    torch.jit.script(module.rnn_loop)
    return time.perf_counter() - start


def median_time(fn, runs=21):
    fn()
    return sorted(fn() for _ in range(runs))[runs // 2]


def cases():
    a4, b4 = torch.rand(4), torch.rand(4)
    a6, b6 = torch.rand(1_000_000), torch.rand(1_000_000)
    mats = {n: (torch.rand(n, n), torch.rand(n, n)) for n in (64, 256, 512)}
    x, w = torch.rand(8, 16, 64, 64), torch.rand(32, 16, 3, 3)
    return {
        "add 4 (per-op overhead)": lambda: a4 + b4,
        "add 1e6 float32": lambda: a6 + b6,
        "matmul 64": lambda: mats[64][0] @ mats[64][1],
        "matmul 256": lambda: mats[256][0] @ mats[256][1],
        "matmul 512": lambda: mats[512][0] @ mats[512][1],
        "conv2d 8x16x64x64 * 32x16x3x3": lambda: F.conv2d(x, w, padding=1),
        "sum 1e6": lambda: a6.sum(),
    }


def main(names):
    sys.path.insert(0, str(pathlib.Path(__file__).parent / "programs"))
    import script_cases

    out = script_cases.measure(names)
    table = cases()
    for name in names:
        if name == "memory growth of 100000 small adds (bytes)":
            out[name] = small_loop()
        elif name == "script MyRNNLoop (as functions)":
            out[name] = median_time(script_rnn_loop)
        elif name in table:
            out[name] = per_iteration(table[name])
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
