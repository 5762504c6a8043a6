"""Drives our kernel with jupyter_client through rich display and the magics, and prints one JSON
line per check: {"name", "ok", "detail", "seconds"}. Run by display_magics.spec.ts with our
kernelspec on JUPYTER_PATH; one kernel serves every check, cells building on earlier ones.

Usage: display_magics_checks.py
"""

import json
import queue
import re
import sys
import time
import traceback

from jupyter_client.manager import KernelManager

TIMEOUT = 60
COMPILED_MIME = "application/vnd.torchscript.compiled+json"


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


class Cell:
    """What one execute_request produced."""

    def __init__(self, reply, outputs):
        self.reply = reply["content"]
        self.outputs = outputs

    def of_type(self, *types):
        return [m for m in self.outputs if m["msg_type"] in types]

    @property
    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stdout")

    @property
    def result(self):
        results = self.of_type("execute_result")
        return results[0]["content"]["data"] if results else None

    @property
    def displays(self):
        return [m["content"] for m in self.of_type("display_data")]

    def ok(self):
        assert self.reply["status"] == "ok", self.reply
        return self


def title_of(html):
    found = re.search(r'<div class="torchscript-compiled"><div [^>]*>([^<]*)</div>', html)
    assert found, html[:300]
    return found.group(1)


def assert_drawn(data, code=True):
    """A compiled function's bundle: the drawing as SVG and in the HTML, the code highlighted."""
    assert COMPILED_MIME not in data, list(data)
    svg, html = data["image/svg+xml"], data["text/html"]
    assert svg.startswith("<?xml") and "<svg" in svg, svg[:200]
    assert "<svg" in html and "<?xml" not in html, html[:200]
    if code:
        assert '<span style="color:#008000;font-weight:bold">def</span>' in html, html[:400]
    else:
        assert "<pre" not in html, html[:400]


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

    def run(self, code):
        return Cell(*collect(self.kc, self.kc.execute(code)))

    def check_compiled_result(self):
        cell = self.run(
            "import torch\n"
            "@torch.jit.script\n"
            "def branchy(x, n: int):\n"
            "    if n > 2:\n"
            "        x = x * 2\n"
            "    for i in range(n):\n"
            "        x = x + i\n"
            "    return x\n"
            "branchy"
        ).ok()
        data = cell.result
        assert sorted(data) == ["image/svg+xml", "text/html", "text/plain"], sorted(data)
        assert re.fullmatch(r"<torch\.jit\.ScriptFunction object at 0x[0-9a-f]+>", data["text/plain"])
        assert_drawn(data)
        # If, then, else, Loop, body.
        assert data["image/svg+xml"].count('class="cluster"') == 5, data["image/svg+xml"]
        assert "if n &gt; 2:" in data["image/svg+xml"]
        assert title_of(data["text/html"]) == "branchy"
        return {"svg_bytes": len(data["image/svg+xml"]), "html_bytes": len(data["text/html"])}

    def check_tensor_result(self):
        cell = self.run("torch.tensor([[1., 2.5], [3., 4.]])").ok()
        assert cell.result == {"text/plain": "tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])"}, cell.result

    def check_display_update_clear(self):
        cell = self.run(
            "from IPython.display import display, HTML, Markdown, clear_output\n"
            "h = display(HTML('<b>one</b>'), display_id='progress')\n"
            "print('between')\n"
            "h.update(Markdown('**two**'))\n"
            "clear_output(wait=True)\n"
            "display(branchy)"
        ).ok()
        types = [m["msg_type"] for m in cell.outputs]
        assert types == ["display_data", "stream", "update_display_data", "clear_output", "display_data"], types
        first, update = cell.outputs[0]["content"], cell.outputs[2]["content"]
        assert first["data"]["text/html"] == "<b>one</b>", first
        assert first["transient"] == {"display_id": "progress"}, first
        assert update["data"]["text/markdown"] == "**two**", update
        assert update["transient"] == {"display_id": "progress"}, update
        assert cell.outputs[3]["content"] == {"wait": True}, cell.outputs[3]
        assert_drawn(cell.outputs[4]["content"]["data"])

    def check_script_cell(self):
        cell = self.run(
            "%%script\n"
            "def helper(x, y):\n"
            "    return branchy(x, 1) * y\n"
            "\n"
            "class Pair:\n"
            "    def __init__(self, a: int, b: int):\n"
            "        self.a = a\n"
            "        self.b = b\n"
            "    def total(self) -> int:\n"
            "        return self.a + self.b\n"
            "\n"
            "class Net(torch.nn.Module):\n"
            "    def __init__(self, n: int):\n"
            "        super().__init__()\n"
            "        self.fc = torch.nn.Linear(n, 2)\n"
            "    def forward(self, x):\n"
            "        return torch.relu(self.fc(x))\n"
            "\n"
            "net = Net(3)\n"
            "threshold = 0.5"
        ).ok()
        titles = [title_of(d["data"]["text/html"]) for d in cell.displays]
        assert titles == ["helper", "Pair.__init__", "Pair.total", "Net.forward"], titles
        for shown in cell.displays:
            assert_drawn(shown["data"])
        assert cell.result is None
        return titles

    def check_script_line(self):
        function = self.run("%script helper").ok()
        module = self.run("%script net").ok()
        made = self.run("%script Net(4)").ok()
        titles = [title_of(c.displays[0]["data"]["text/html"]) for c in (function, module, made)]
        assert titles == ["helper", "Net.forward", "Net.forward"], titles
        assert module.displays[0]["data"]["text/plain"].startswith("RecursiveScriptModule(\n  original_name=Net\n")
        wrong = self.run("%script threshold")
        assert wrong.reply["ename"] == "UsageError", wrong.reply
        assert wrong.reply["evalue"] == "%script threshold: a float is not a function, class or nn.Module"

    def check_graph_line(self):
        cell = self.run("%graph helper --inlined --no-constants").ok()
        assert len(cell.displays) == 1, cell.outputs
        data = cell.displays[0]["data"]
        assert_drawn(data, code=False)
        assert "branchy (inlined)" in data["image/svg+xml"]
        assert data["text/plain"].startswith("graph(%x.1 : Tensor,"), data["text/plain"]
        bad = self.run("%graph helper --sideways")
        assert bad.reply["evalue"] == "%graph: unknown option --sideways (--inlined, --no-constants)", bad.reply

    def check_time(self):
        cell = self.run("%time branchy(torch.ones(2), 3)").ok()
        pattern = r"CPU times: user [\d.]+ (ns|\xb5s|ms|s), sys: 0 ns, total: [\d.]+ (ns|\xb5s|ms|s)\nWall time: [\d.]+ (ns|\xb5s|ms|s)\n"
        assert re.fullmatch(pattern, cell.stdout), repr(cell.stdout)
        assert cell.result == {"text/plain": "tensor([5., 5.])"}, cell.result
        timed = self.run("%%time\ny = branchy(torch.ones(1), 0)\ny + 1").ok()
        assert re.fullmatch(pattern, timed.stdout), repr(timed.stdout)
        assert timed.result == {"text/plain": "tensor([2.])"}, timed.result
        return cell.stdout

    def check_timeit(self):
        cell = self.run("%timeit -n 5 -r 2 branchy(torch.ones(2), 3)").ok()
        pattern = (
            r"([^\n]*cached\.\n)?[\d.]+ (ns|\xb5s|ms|s) \xb1 [\d.]+ (ns|\xb5s|ms|s) per loop "
            r"\(mean \xb1 std\. dev\. of 2 runs, 5 loops each\)\n"
        )
        assert re.fullmatch(pattern, cell.stdout), repr(cell.stdout)
        kept = self.run("t = %timeit -o -q -n 2 -r 3 sum(range(10))\n(t.loops, t.repeat, len(t.all_runs))").ok()
        assert kept.stdout == "", kept.stdout
        assert kept.result == {"text/plain": "(2, 3, 3)"}, kept.result
        shown = self.run("t").ok()
        assert shown.result["text/plain"].startswith("<TimeitResult : "), shown.result
        return cell.stdout

    def check_lsmagic(self):
        cell = self.run("%lsmagic").ok()
        text = cell.result["text/plain"]
        assert text == (
            "Available line magics:\n%backend  %dag  %graph  %lsmagic  %reactive  %script  %time  %timeit  %trace\n\n"
            "Available cell magics:\n%%script  %%time  %%timeit  %%timeline  %%trace\n\n"
            "Automagic is OFF, % prefix IS needed for line magics."
        ), text

    def check_backend(self):
        cell = self.run("%backend").ok()
        assert cell.stdout.startswith("Tensor backend in use: "), cell.stdout
        assert "\nBackends found: " in cell.stdout, cell.stdout
        refused = self.run("%backend nothing-like-it")
        assert refused.reply["ename"] == "UsageError", refused.reply
        return cell.stdout

    def check_trace(self):
        self.run("def scaled(x, y):\n    return x * 2 + y").ok()
        line = self.run("%trace scaled(torch.ones(2), torch.ones(2))")
        cell = self.run("%%trace\nx = torch.ones(2)\nscaled(x, x)")
        for shown in (line, cell):
            shown.ok()
            assert_drawn(shown.displays[0]["data"])
        return "traced"

    def check_unknown_magic(self):
        line = self.run("%nosuchmagic 1 2")
        assert line.reply["status"] == "error", line.reply
        assert line.reply["ename"] == "UsageError", line.reply
        assert line.reply["evalue"] == "Line magic function `%nosuchmagic` not found.", line.reply
        assert line.reply["traceback"] == ["UsageError: Line magic function `%nosuchmagic` not found."]
        assert [m["msg_type"] for m in line.outputs] == ["error"], line.outputs
        cell = self.run("%%nosuchmagic\nx = 1")
        assert cell.reply["evalue"] == "Cell magic `%%nosuchmagic` not found.", cell.reply
        assert self.run("branchy(torch.ones(1), 0)").ok().result == {"text/plain": "tensor([1.])"}

    def check_magic_introspection(self):
        self.kc.complete("%ti", 3)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        assert reply["matches"] == ["%time", "%timeit"], reply
        assert (reply["cursor_start"], reply["cursor_end"]) == (0, 3), reply
        self.kc.complete("%%s", 3)
        assert self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["matches"] == ["%%script"]
        answers = {}
        for code in ("%%script", "%%script\ndef f(x):\n    return x", "%time f(1)", "%%time\nx = 1\n"):
            self.kc.is_complete(code)
            answers[code] = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"]
        assert list(answers.values()) == ["incomplete", "incomplete", "complete", "complete"], answers

    def check_magic_traceback_lines(self):
        cell = self.run("%%time\nx = 1\nraise ValueError('in the body')")
        assert cell.reply["ename"] == "ValueError", cell.reply
        text = "\n".join(cell.reply["traceback"])
        assert re.search(r'File "<cell-\d+>", line 3, in <module>\n    raise ValueError\(\'in the body\'\)', text), text


ORDER = [
    "compiled_result",
    "tensor_result",
    "display_update_clear",
    "script_cell",
    "script_line",
    "graph_line",
    "time",
    "timeit",
    "lsmagic",
    "backend",
    "trace",
    "unknown_magic",
    "magic_introspection",
    "magic_traceback_lines",
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
