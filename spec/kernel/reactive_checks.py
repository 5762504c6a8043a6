"""Drives our kernel with jupyter_client through reactive cells, sending cell ids in the
execute_request's metadata as JupyterLab does, and prints one JSON line per check: {"name", "ok",
"detail", "seconds"}. Run by reactive_client.spec.ts with our kernelspec on JUPYTER_PATH; one
kernel serves every check, each check with cells of its own (ids and names prefixed by it).

Usage: reactive_checks.py
"""

import json
import queue
import re
import sys
import time
import traceback

from jupyter_client.manager import KernelManager

TIMEOUT = 60


class Run:
    """What one execute_request produced: its reply and its iopub messages."""

    def __init__(self, reply, messages):
        self.reply = reply["content"]
        self.messages = messages

    def ok(self):
        assert self.reply["status"] == "ok", self.reply
        return self

    @property
    def shown(self):
        """(msg_type, display id, text/plain) of each output message."""
        found = []
        for m in self.messages:
            content = m["content"]
            text = content.get("data", {}).get("text/plain", content.get("text"))
            found.append((m["msg_type"], content.get("transient", {}).get("display_id"), text))
        return found

    def updates(self):
        """display id -> the last text/plain sent to it by update_display_data."""
        return {d: t for kind, d, t in self.shown if kind == "update_display_data"}

    def report(self, cell_id):
        texts = [t for kind, d, t in self.shown if kind == "display_data" and d == f"{cell_id}/cascade"]
        assert len(texts) == 1, self.shown
        return texts[0]


def h_id(run):
    """The uuid display(..., display_id=True) made: the first update's id."""
    return run.shown[0][1]


class Checks:
    def __init__(self):
        self.km = KernelManager(kernel_name="torchscript")
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)

    def send(self, code, cell_id=None, **fields):
        """Sends an execute_request, with the cell's id in its metadata as JupyterLab sends it;
        returns its msg_id."""
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
            **fields,
        }
        metadata = {} if cell_id is None else {"cellId": cell_id}
        msg = self.kc.session.msg("execute_request", content, metadata=metadata)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def collect(self, msg_id):
        messages = []
        deadline = time.time() + TIMEOUT
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            if msg["msg_type"] not in ("status", "execute_input"):
                messages.append(msg)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        return Run(reply, messages)

    def run(self, code, cell_id=None, **fields):
        return self.collect(self.send(code, cell_id, **fields))

    # ---- checks ----

    def check_plain_cells(self):
        """Without a cell id: streams and execute_result, as before, no display ids."""
        run = self.run("import torch\nprint('hello')\ntorch.ones(2).sum()").ok()
        assert run.shown == [("stream", None, "hello\n"), ("execute_result", None, "tensor(2.)")], run.shown

    def check_display_ids(self):
        """With a cell id: every output under <cellId>/<k>; printed text grows by updates."""
        run = self.run(
            "import time\n"
            "from IPython.display import display, HTML\n"
            "for i in range(3):\n"
            "    print('line', i)\n"
            "    time.sleep(0.05)\n"
            "display(HTML('<b>rich</b>'))\n"
            "41 + 1",
            "ids",
        ).ok()
        kinds = [(kind, d) for kind, d, _ in run.shown]
        assert kinds[0] == ("display_data", "ids/0"), kinds
        assert all(k == ("update_display_data", "ids/0") for k in kinds[1:-2]), kinds
        assert len(kinds) >= 4, kinds
        assert kinds[-2:] == [("display_data", "ids/1"), ("display_data", "ids/2")], kinds
        printed = [text for _, d, text in run.shown if d == "ids/0"]
        assert printed[-1] == "line 0\nline 1\nline 2\n", printed
        assert all(b.startswith(a) for a, b in zip(printed, printed[1:])), printed
        assert run.messages[-2]["content"]["data"]["text/html"] == "<b>rich</b>"
        assert run.shown[-1][2] == "42", run.shown
        assert not any(m["msg_type"] == "execute_result" for m in run.messages)
        return run.shown

    def check_cascade(self):
        """Re-running an upstream cell re-runs its readers in order, updating their outputs in
        place, without new execution counts or history; the values downstream are the new ones."""
        self.run("cascade_x = torch.tensor([1.0, 2.0])", "c-x").ok()
        self.run("cascade_y = cascade_x * 10\nprint('y is', cascade_y)", "c-y").ok()
        last = self.run("cascade_y.sum()", "c-sum").ok()
        count = last.reply["execution_count"]
        rerun = self.run("cascade_x = torch.tensor([3.0, 4.0])", "c-x").ok()
        assert rerun.reply["execution_count"] == count + 1, rerun.reply
        assert rerun.updates() == {"c-y/0": "y is tensor([30., 40.])\n", "c-sum/0": "tensor(70.)"}, rerun.shown
        order = [d for kind, d, _ in rerun.shown if kind == "update_display_data"]
        assert order == ["c-y/0", "c-sum/0"], order
        report = rerun.report("c-x")
        assert report == (
            "Re-ran 2 cells that read what this cell changed:\n"
            f"  In [{count - 1}]: cascade_y = cascade_x * 10\n"
            f"  In [{count}]: cascade_y.sum()"
        ), report
        after = self.run("cascade_y").ok()
        assert after.reply["execution_count"] == count + 2, after.reply
        assert after.shown == [("execute_result", None, "tensor([30., 40.])")], after.shown
        self.kc.history(hist_access_type="tail", n=3, output=False)
        history = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["history"]
        assert [entry[2] for entry in history] == [
            "cascade_y.sum()",
            "cascade_x = torch.tensor([3.0, 4.0])",
            "cascade_y",
        ], history
        return report

    def check_outputs_count(self):
        """A re-run with fewer outputs empties the rest; one with more says what it could not show."""
        self.run("count_n = 2", "n-n").ok()
        self.run("for i in range(count_n):\n    display(i)", "n-show").ok()
        fewer = self.run("count_n = 1", "n-n").ok()
        assert fewer.updates() == {"n-show/0": "0", "n-show/1": ""}, fewer.shown
        more = self.run("count_n = 4", "n-n").ok()
        assert more.updates() == {"n-show/0": "0", "n-show/1": "1"}, more.shown
        report = more.report("n-n")
        assert "made 2 more outputs than it shows" in report and "run that cell to see them" in report, report
        return report

    def check_reactive_off(self):
        """%reactive off: readers are only reported stale; %reactive says the mode."""
        self.run("off_a = 1", "o-a").ok()
        self.run("off_b = off_a + 1\noff_b", "o-b").ok()
        mode = self.run("%reactive off", "o-mode").ok()
        assert mode.shown == [("display_data", "o-mode/0", mode.shown[0][2])], mode.shown
        assert mode.shown[0][2].startswith("Reactive cells: off."), mode.shown
        changed = self.run("off_a = 5", "o-a").ok()
        assert changed.updates() == {}, changed.shown
        report = changed.report("o-a")
        assert report.startswith("Stale (%reactive off), 1 cell that read what this cell changed:\n"), report
        assert self.run("off_b").ok().shown[0][2] == "2"
        shown = self.run("%reactive").ok().shown
        assert shown[0][2].startswith("Reactive cells: off."), shown
        assert self.run("%reactive on").ok().shown[0][2].startswith("Reactive cells: on.")
        bad = self.run("%reactive sideways")
        assert bad.reply["ename"] == "UsageError", bad.reply
        return report

    def check_cycle(self):
        """Two cells reading each other's names: the cascade stops at the cycle."""
        self.run("cyc_v = 1", "y-v").ok()
        self.run("cyc_u = cyc_v + 1", "y-u").ok()
        run = self.run("cyc_v = cyc_u * 2", "y-v").ok()
        assert run.updates() == {}, run.shown
        report = run.report("y-v")
        assert re.search(r"In \[\d+\]: cyc_u = cyc_v \+ 1\n {6}in a cycle: ", report), report
        return report

    def check_failing_dependent(self):
        """A dependent that raises stops the cascade: it shows its error in place, the cells
        after it stay stale, and the triggering cell says which failed and why."""
        self.run("fail_k = 2", "f-k").ok()
        self.run("fail_m = 10 / fail_k\nprint(fail_m)", "f-m").ok()
        self.run("fail_m + 1", "f-after").ok()
        run = self.run("fail_k = 0", "f-k").ok()
        updates = run.updates()
        assert "f-after/0" not in updates, updates
        assert "ZeroDivisionError: division by zero" in updates["f-m/0"], updates
        report = run.report("f-k")
        assert re.search(r"In \[\d+\]: fail_m = 10 / fail_k\n {6}failed: ZeroDivisionError: division by zero", report), report
        assert re.search(r"In \[\d+\]: fail_m \+ 1\n {6}not re-run: the cascade stopped at In \[\d+\]", report), report
        return report

    def check_deleted_name(self):
        """Deleting a name leaves its readers stale, and does not run them."""
        self.run("del_a = 1", "d-a").ok()
        self.run("del_a + 1", "d-read").ok()
        run = self.run("del del_a", "d-del").ok()
        report = run.report("d-del")
        assert re.search(r"In \[\d+\]: del_a \+ 1\n {6}reads del_a, which In \[\d+\] deleted", report), report

    def check_interrupt(self):
        """An interrupt stops the cascade: the dependent running fails, the rest stay stale."""
        self.run("int_t = 0", "i-t").ok()
        self.run(
            "import time\nstart = time.time()\nwhile int_t and time.time() - start < 20:\n    pass\nint_t",
            "i-spin",
        ).ok()
        self.run("int_t + 1", "i-after").ok()
        msg_id = self.send("int_t = 1", "i-t")
        time.sleep(1.5)
        self.km.interrupt_kernel()
        run = self.collect(msg_id).ok()
        report = run.report("i-t")
        assert re.search(r"In \[\d+\]: import time\n {6}failed: KeyboardInterrupt", report), report
        assert re.search(r"In \[\d+\]: int_t \+ 1\n {6}not re-run: the cascade stopped at", report), report
        assert self.run("1 + 1").ok().shown == [("execute_result", None, "2")]
        return report

    def check_user_display_ids(self):
        """A display's own id still updates it, from a later cell too."""
        shown = self.run("h = display('first', display_id=True)", "u-show").ok()
        assert shown.shown == [("display_data", "u-show/0", "'first'")], shown.shown
        update = self.run("h.update('second')", "u-update").ok()
        ids = [d for kind, d, t in update.shown if kind == "update_display_data" and t == "'second'"]
        assert ids == [h_id(update), "u-show/0"], update.shown
        plain = self.run("h.update('third')").ok()
        ids = [d for kind, d, t in plain.shown if kind == "update_display_data" and t == "'third'"]
        assert ids == [h_id(plain), "u-show/0"], plain.shown

    def check_dag(self):
        """%dag draws the cells as SVG: a node per cell, stale cells marked."""
        run = self.run("%dag", "dag").ok()
        data = run.messages[0]["content"]["data"]
        svg, text = data["image/svg+xml"], data["text/plain"]
        assert "<svg" in svg, svg[:200]
        nodes = len(re.findall(r'<g id="node\d+" class="node', svg))
        cells = int(re.match(r"Cell dependencies \((\d+) cells", text).group(1))
        assert nodes == cells and cells > 10, (nodes, text)
        assert 'class="node stale"' in svg, "no stale cell drawn"
        assert "cascade_y = cascade_x * 10" in svg
        return text

    def check_timeline(self):
        """%%timeline draws one row per task the interpreter ran, with forks as arrows."""
        run = self.run(
            "%%timeline\n"
            "@torch.jit.script\n"
            "def work(x: torch.Tensor) -> torch.Tensor:\n"
            "    return torch.tanh(x @ x)\n"
            "@torch.jit.script\n"
            "def forked(x: torch.Tensor) -> torch.Tensor:\n"
            "    futures = [torch.jit.fork(work, x + i) for i in range(3)]\n"
            "    return torch.stack([torch.jit.wait(f) for f in futures]).sum()\n"
            "forked(torch.ones(8, 8)).shape",
            "timeline",
        ).ok()
        data = run.messages[0]["content"]["data"]
        assert sorted(data) == ["image/svg+xml", "text/plain"], sorted(data)
        svg, text = data["image/svg+xml"], data["text/plain"]
        assert text.startswith("Timeline: 4 tasks in "), text
        assert len(re.findall(r"forked by #\d+", text)) == 3, text
        assert svg.count('<g class="task">') == 4, svg[:300]
        assert svg.count('<line class="fork"') == 3
        assert run.shown[-1][2] == "torch.Size([])", run.shown
        failing = self.run("%%timeline\nforked(torch.ones(2, 3))", "timeline-fail")
        assert failing.reply["status"] == "error", failing.reply
        assert failing.messages[0]["content"]["data"]["text/plain"].startswith("Timeline: "), failing.shown
        return text


ORDER = [
    "plain_cells",
    "display_ids",
    "cascade",
    "outputs_count",
    "reactive_off",
    "cycle",
    "failing_dependent",
    "deleted_name",
    "interrupt",
    "user_display_ids",
    "dag",
    "timeline",
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
