"""Drives our kernel with jupyter_client, as Jupyter servers and consoles do, and prints one JSON
line per check: {"name", "ok", "detail", "seconds"}. Run by jupyter_client.spec.ts with our
kernelspec on JUPYTER_PATH; one kernel serves every check (a restart check restarts it).

Usage: jupyter_client_checks.py
"""

import json
import os
import queue
import signal
import sys
import time
import traceback

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 30


def collect(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages of one request until its idle status, and its shell reply."""
    outputs = []
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        if msg["msg_type"] not in ("status", "execute_input"):
            outputs.append(msg)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply, outputs


def run(kc, code, **options):
    return collect(kc, kc.execute(code, **options))


def value_of(kc, expression):
    reply, outputs = run(kc, expression)
    assert reply["content"]["status"] == "ok", reply["content"]
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    return results[0]["content"]["data"]["text/plain"] if results else None


def streams(outputs):
    return [(m["content"]["name"], m["content"]["text"]) for m in outputs if m["msg_type"] == "stream"]


class Checks:
    def __init__(self):
        self.km = KernelManager(kernel_name="torchscript")
        began = time.time()
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.start_seconds = time.time() - began

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)

    def check_kernel_info(self):
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        content = reply["content"]
        assert content["implementation"] == "torchscript-kernel", content
        assert content["language_info"]["name"] == "python", content
        assert content["language_info"]["file_extension"] == ".py", content
        assert content["banner"].startswith("torchscript-kernel "), content
        assert "tensors on TensorFlow.js" in content["banner"], content
        return {"start_seconds": round(self.start_seconds, 3), "banner": content["banner"]}

    def check_execute_streams_result(self):
        code = 'import sys\nprint("out")\nprint("err", file=sys.stderr)\nx = 6 * 7\nx'
        reply, outputs = run(self.kc, code)
        assert reply["content"]["status"] == "ok", reply["content"]
        assert streams(outputs) == [("stdout", "out\n"), ("stderr", "err\n")], streams(outputs)
        result = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]
        assert result["data"] == {"text/plain": "42"}, result
        assert result["execution_count"] == reply["content"]["execution_count"]
        return reply["content"]["execution_count"]

    def check_streams_arrive_while_running(self):
        msg_id = self.kc.execute('import time\nprint("first")\ntime.sleep(1)\nprint("second")')
        began = time.time()
        first_at = None
        while first_at is None:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                first_at = time.time() - began
                assert msg["content"]["text"] == "first\n", msg["content"]
        collect(self.kc, msg_id)
        finished_at = time.time() - began
        assert finished_at - first_at > 0.7, (first_at, finished_at)
        return {"first_stream_s": round(first_at, 3), "reply_s": round(finished_at, 3)}

    def check_torch(self):
        text = value_of(self.kc, "import torch\ntorch.arange(6).reshape(2, 3) * 2")
        assert text == "tensor([[ 0,  2,  4],\n        [ 6,  8, 10]])", text
        return text

    def check_error_keeps_state(self):
        run(self.kc, "kept = 'still here'")
        reply, outputs = run(self.kc, "def f():\n    return 1 / 0\nf()")
        content = reply["content"]
        assert content["status"] == "error", content
        assert content["ename"] == "ZeroDivisionError", content
        assert content["evalue"] == "division by zero", content
        errors = [m for m in outputs if m["msg_type"] == "error"]
        assert len(errors) == 1 and errors[0]["content"]["ename"] == "ZeroDivisionError"
        tb = "\n".join(errors[0]["content"]["traceback"])
        assert 'in f' in tb and "return 1 / 0" in tb, tb
        syntax, _ = run(self.kc, "x = (1,")
        assert syntax["content"]["ename"] == "SyntaxError", syntax["content"]
        assert value_of(self.kc, "kept") == "'still here'"
        return content["traceback"]

    def check_stop_on_error_aborts_queue(self):
        # The failing cell runs a while, so the second request is queued before it fails.
        failing = self.kc.execute("import time\ntime.sleep(0.5)\nraise ValueError('first')")
        queued = self.kc.execute("ran_after_error = True")
        first, _ = collect(self.kc, failing)
        second, _ = collect(self.kc, queued)
        assert first["content"]["status"] == "error", first["content"]
        assert second["content"]["status"] == "aborted", second["content"]
        assert value_of(self.kc, "'ran_after_error' in dir()") == "False"
        return second["content"]["status"]

    def _interrupt_loop(self, interrupt):
        run(self.kc, "counter = 0")
        msg_id = self.kc.execute("print('looping')\nwhile True:\n    counter += 1")
        # Interrupt once the loop runs: its first output says so.
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        time.sleep(0.1)
        began = time.time()
        interrupt()
        reply, outputs = collect(self.kc, msg_id, timeout=10)
        took = time.time() - began
        assert reply["content"]["status"] == "error", reply["content"]
        assert reply["content"]["ename"] == "KeyboardInterrupt", reply["content"]
        counted = int(value_of(self.kc, "counter"))
        assert counted > 0, counted
        return {"interrupt_to_reply_s": round(took, 3), "loop_iterations": counted}

    def check_interrupt_scripted_loop(self):
        run(self.kc, (
            "@torch.jit.script\n"
            "def spin(n: int) -> int:\n"
            "    i = 0\n"
            "    while n > 0:\n"
            "        i += 1\n"
            "    return i\n"
        ))
        msg_id = self.kc.execute("print('spinning', flush=True)\nspin(1)")
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        time.sleep(0.2)
        self.km.interrupt_kernel()
        reply, _ = collect(self.kc, msg_id, timeout=10)
        assert reply["content"]["ename"] == "KeyboardInterrupt", reply["content"]
        assert value_of(self.kc, "spin(0)") == "0"
        return reply["content"]["evalue"]

    def check_huge_allocation(self):
        run(self.kc, "kept = 'still here'")
        reply, _ = run(self.kc, "torch.empty(10**12)")
        content = reply["content"]
        assert content["status"] == "error" and content["ename"] == "RuntimeError", content
        assert "can't allocate memory" in content["evalue"], content["evalue"]
        assert value_of(self.kc, "kept") == "'still here'"
        return content["evalue"]

    def check_large_output(self):
        reply, outputs = run(self.kc, "print('x' * 10_000_000)\nsize = 10_000_000")
        assert reply["content"]["status"] == "ok", reply["content"]
        text = "".join(t for name, t in streams(outputs) if name == "stdout")
        assert text == "x" * 10_000_000 + "\n", len(text)
        assert value_of(self.kc, "size") == "10000000"
        return {"stream_messages": len(outputs), "characters": len(text)}

    def check_interrupt_message(self):
        # interrupt_mode "message": jupyter_client sends interrupt_request on control.
        assert self.km.kernel_spec.interrupt_mode == "message"
        return self._interrupt_loop(self.km.interrupt_kernel)

    def check_interrupt_sigint(self):
        return self._interrupt_loop(lambda: self.km.signal_kernel(signal.SIGINT))

    def check_bad_signatures_ignored(self):
        info = self.km.get_connection_info()
        forged = Session(key=b"not the key", signature_scheme="hmac-sha256")
        unsigned = Session(key=b"", signature_scheme="hmac-sha256")
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        for session in (forged, unsigned):
            message = session.msg("execute_request", {"code": "hacked = True", "silent": False})
            session.send(socket, message)
        socket.send_multipart([b"garbage"])
        socket.send_multipart([b"<IDS|MSG>", b"x", b"{not json", b"{}", b"{}", b"{}"])
        answered = socket.poll(1000)
        socket.close()
        assert not answered, "the kernel answered a message it should have dropped"
        assert value_of(self.kc, "'hacked' in dir()") == "False"
        return "dropped"

    def check_stdin(self):
        answers = []
        for allow in (True, False):
            reply, _ = run(self.kc, "input('name? ')", allow_stdin=allow)
            content = reply["content"]
            assert content["ename"] == "StdinNotImplementedError", content
            answers.append(content["evalue"])
        assert value_of(self.kc, "1 + 1") == "2"
        return answers

    def check_introspection(self):
        run(self.kc, "import torch\nmy_tensor = torch.ones(2)")
        self.kc.complete("my_te", 5)
        complete = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        assert complete["matches"] == ["my_tensor"], complete
        assert complete["cursor_start"] == 0, complete
        self.kc.inspect("len(", 4)
        inspect = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        assert inspect["found"] and "Return the number of items" in inspect["data"]["text/plain"], inspect
        verdicts = {}
        for code in ("x = 1", "for i in range(3):", "1 +* 2"):
            self.kc.is_complete(code)
            verdicts[code] = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"]
        assert verdicts == {"x = 1": "complete", "for i in range(3):": "incomplete", "1 +* 2": "invalid"}, verdicts
        return verdicts

    def check_history(self):
        run(self.kc, "history_marker = 1")
        self.kc.history(hist_access_type="tail", n=1, output=False, raw=True)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        assert reply["history"][-1][2] == "history_marker = 1", reply
        return reply["history"]

    def check_heartbeat_during_long_cell(self):
        info = self.km.get_connection_info()
        msg_id = self.kc.execute("import time\nend = time.time() + 2\nwhile time.time() < end:\n    pass")
        time.sleep(0.3)
        socket = zmq.Context.instance().socket(zmq.REQ)
        socket.linger = 0
        socket.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        round_trips = []
        for ping in range(4):
            began = time.time()
            socket.send(b"ping %d" % ping)
            assert socket.poll(1000), "no heartbeat within 1 s while a cell runs"
            assert socket.recv() == b"ping %d" % ping
            round_trips.append(time.time() - began)
            time.sleep(0.3)
        socket.close()
        reply, _ = collect(self.kc, msg_id)
        assert reply["content"]["status"] == "ok"
        return {"max_round_trip_ms": round(max(round_trips) * 1000, 2)}

    def check_worker_crash_recovered(self):
        # process.exit in a worker thread ends that thread only: the Python worker dies under a
        # running cell, as it would on a crash.
        run(self.kc, "lost_with_worker = 1")
        reply, _ = run(self.kc, "from js import process\nprocess.exit(3)")
        content = reply["content"]
        assert content["ename"] == "WorkerError", content
        assert "a fresh Python interpreter was started" in content["evalue"], content
        missing, _ = run(self.kc, "lost_with_worker")
        assert missing["content"]["ename"] == "NameError", missing["content"]
        assert value_of(self.kc, "3 * 3") == "9"
        return content["evalue"]

    def check_restart(self):
        run(self.kc, "before_restart = 1")
        began = time.time()
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        took = time.time() - began
        reply, _ = run(self.kc, "before_restart")
        assert reply["content"]["ename"] == "NameError", reply["content"]
        assert value_of(self.kc, "2 + 2") == "4"
        return {"restart_s": round(took, 3)}

    def check_shutdown(self):
        self.kc.shutdown()
        began = time.time()
        while self.km.is_alive() and time.time() - began < 5:
            time.sleep(0.05)
        assert not self.km.is_alive(), "the kernel process is still running 5 s after shutdown"
        return {"exit_s": round(time.time() - began, 3)}


ORDER = [
    "kernel_info",
    "execute_streams_result",
    "streams_arrive_while_running",
    "torch",
    "error_keeps_state",
    "stop_on_error_aborts_queue",
    "interrupt_message",
    "interrupt_sigint",
    "interrupt_scripted_loop",
    "huge_allocation",
    "large_output",
    "bad_signatures_ignored",
    "stdin",
    "introspection",
    "history",
    "heartbeat_during_long_cell",
    "worker_crash_recovered",
    "restart",
    "shutdown",
]


def main():
    checks = Checks()
    try:
        for name in ORDER:
            began = time.time()
            try:
                detail = getattr(checks, "check_" + name)()
                record = {"name": name, "ok": True, "detail": detail}
            except (Exception, queue.Empty) as error:  # noqa: BLE001  (reported, not raised)
                record = {"name": name, "ok": False, "detail": "".join(traceback.format_exception(error))}
            record["seconds"] = round(time.time() - began, 3)
            print(json.dumps(record, default=str), flush=True)
    finally:
        checks.close()


if __name__ == "__main__":
    sys.exit(main())
