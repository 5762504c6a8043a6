"""Times Jupyter kernels as a front end sees them, through jupyter_client: the start-up (process
start to the first kernel_info reply) and the round trip of executing `1+1` (request sent to
reply and idle status received, the median of many). Prints {kernel: {case: seconds}} as JSON.

Usage: kernel_cases.py KERNEL_NAME...   (JUPYTER_PATH must find the kernelspecs)
"""

import json
import statistics
import sys
import time

from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.manager import KernelManager

ROUND_TRIPS = 200


def execute(kc, code):
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]


def measure(name):
    km = KernelManager(kernel_name=name)
    began = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        start = time.perf_counter() - began
        for _ in range(10):
            execute(kc, "1+1")
        times = []
        for _ in range(ROUND_TRIPS):
            t = time.perf_counter()
            execute(kc, "1+1")
            times.append(time.perf_counter() - t)
        return {"kernel start-up": start, "execute 1+1 round trip": statistics.median(times)}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    results = {}
    for name in sys.argv[1:]:
        try:
            results[name] = measure(name)
        except NoSuchKernel:
            pass
    print(json.dumps(results))


if __name__ == "__main__":
    main()
