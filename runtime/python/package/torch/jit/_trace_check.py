"""check_trace: a trace checked against the code it was made from, as PyTorch checks it.

For each set of check inputs the code is traced again; the first trace, the Python code and the
new trace are run on copies of the inputs and their tensor outputs compared (a mismatch is a
TracerWarning naming the output and how far apart the values are). Then the two graphs are
compared, calls inlined and shapes erased: when they differ, or their tensor constants do,
TracingCheckError reports the diff, the first diverging node and where each was recorded.
"""

import difflib
import re
import warnings

import torch
from torch._C import _tracer

__tracebackhide__ = True


def _indent(text):
    return "\n".join("\t" + line for line in text.splitlines())


class TracingCheckError(Exception):
    def __init__(self, graph_diff_error, tensor_compare_error, extra_msg=None):
        self.message = "Tracing failed sanity checks!\n"
        if extra_msg is not None:
            self.message += extra_msg + "\n"
        if graph_diff_error is not None:
            self.message += "ERROR: Graphs differed across invocations!\n"
            self.message += _indent(graph_diff_error) + "\n"
        if tensor_compare_error is not None:
            self.message += (
                "ERROR: Tensor-valued Constant nodes differed in value across invocations. This "
                "often indicates that the tracer has encountered untraceable code.\n"
            )
            self.message += _indent(tensor_compare_error) + "\n"
        super().__init__(self.message)


# ---- torch.testing.assert_close's judgement and messages, for the tensors a check compares ----

_TOLERANCES = {torch.float32: (1.3e-6, 1e-5), torch.float64: (1e-7, 1e-7)}


def _default_atol(*tensors):
    return max(_TOLERANCES.get(t.dtype, (0.0, 0.0))[1] for t in tensors)


def _unravel(flat, shape):
    index = []
    for size in reversed(shape):
        flat, rest = divmod(flat, size)
        index.append(rest)
    return tuple(reversed(index))


def _mismatch_message(actual, expected, rtol, atol):
    """None when `actual` is close to `expected`, else assert_close's message."""
    if actual.shape != expected.shape:
        return f"The values for attribute 'shape' do not match: {actual.shape} != {expected.shape}."
    close = torch.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
    if bool(close.all()):
        return None
    equality = rtol == 0 and atol == 0
    allowed = lambda tol: "" if equality else f" (up to {tol} allowed)"  # noqa: E731
    header = f"{'Scalars' if actual.ndim == 0 else 'Tensor-likes'} are not {'equal' if equality else 'close'}!\n\n"
    a, e = actual.flatten(), expected.flatten()
    mismatches = (~close).flatten()
    abs_diff = torch.abs(a - e)
    if actual.ndim == 0:
        rel = abs_diff / torch.abs(e)
        return (
            header
            + f"Absolute difference: {abs_diff.item()}{allowed(atol)}\n"
            + f"Relative difference: {rel.item()}{allowed(rtol)}"
        )
    count = int(mismatches.sum().item())
    total = mismatches.numel()
    abs_diff = torch.where(mismatches, abs_diff, torch.zeros_like(abs_diff))
    rel_diff = torch.where(mismatches, abs_diff / torch.abs(e), torch.zeros_like(abs_diff))
    abs_max, abs_at = torch.max(abs_diff, 0)
    rel_max, rel_at = torch.max(rel_diff, 0)
    shape = tuple(actual.shape)
    return (
        header
        + f"Mismatched elements: {count} / {total} ({count / total:.1%})\n"
        + f"Greatest absolute difference: {abs_max.item()} at index "
        + f"{_unravel(int(abs_at.item()), shape)}{allowed(atol)}\n"
        + f"Greatest relative difference: {rel_max.item()} at index "
        + f"{_unravel(int(rel_at.item()), shape)}{allowed(rtol)}"
    )


# ---- the check ----


def _clone_inputs(value):
    if isinstance(value, torch.Tensor):
        return value.detach().clone().requires_grad_(value.requires_grad)
    if isinstance(value, tuple):
        return tuple(_clone_inputs(v) for v in value)
    if isinstance(value, list):
        return [_clone_inputs(v) for v in value]
    if isinstance(value, dict):
        return {k: _clone_inputs(v) for k, v in value.items()}
    return value


def _graph_of(traced):
    """(handle, method name) of a traced function or method, for torch._C._tracer."""
    if isinstance(traced, torch.jit.ScriptFunction):
        return traced._handle, None
    return traced._module._c, traced.name


def _demangled(text):
    return re.sub(r"___torch_mangle_[0-9]+\.", "", text)


def _graph_diagnostic_info(traced, check):
    mod_text, mod_nodes = _tracer.checked_graph(*_graph_of(traced))
    check_text, check_nodes = _tracer.checked_graph(*_graph_of(check))
    mod_text, check_text = _demangled(mod_text), _demangled(check_text)
    graph_diff_errors = None
    if mod_text != check_text:
        diff = difflib.ndiff(mod_text.splitlines(True), check_text.splitlines(True))
        graph_diff_errors = "Graph diff:\n" + _indent("".join(diff)) + "\n"
        for mod, chk in zip(mod_nodes, check_nodes):
            if mod[1] == chk[1]:
                continue
            node_diff = difflib.ndiff(mod[1].splitlines(True), chk[1].splitlines(True))
            graph_diff_errors += "First diverging operator:\n"
            graph_diff_errors += "Node diff:\n" + _indent("".join(node_diff)) + "\n"
            if mod[2]:
                graph_diff_errors += "Trace source location:\n" + _indent(mod[2]) + "\n"
            if chk[2]:
                graph_diff_errors += "Check source location:\n" + _indent(chk[2]) + "\n"
            break
    tensor_compare_errors = None
    for mod, chk in zip(mod_nodes, check_nodes):
        if mod[0] != chk[0]:
            break
        if mod[0] != "prim::Constant" or mod[3] is None or chk[3] is None:
            continue
        message = _mismatch_message(mod[3], chk[3], 1.3e-6, 1e-5)
        if message is not None:
            tensor_compare_errors = "Node:\n" + _indent(mod[1]) + "\n"
            if mod[2]:
                tensor_compare_errors += "Source Location:\n" + _indent(mod[2]) + "\n"
            tensor_compare_errors += "Comparison exception: " + _indent(message)
            break
    return graph_diff_errors, tensor_compare_errors


def _tensor_outputs(fn, inputs, running_what, traced, check):
    try:
        result = fn(*_clone_inputs(inputs))
    except Exception as error:
        graph_diff, tensor_diff = _graph_diagnostic_info(traced, check)
        message = (
            f"encountered an exception while running the {running_what} with test inputs.\n"
            f"Exception:\n{_indent(str(error))}"
        )
        raise TracingCheckError(graph_diff, tensor_diff, extra_msg=message) from error
    outputs = result if isinstance(result, tuple) else (result,)
    return [o for o in outputs if isinstance(o, torch.Tensor)]


class _Comparison:
    """The output comparisons of one check: a mismatch warns, the first also of random nodes."""

    def __init__(self, traced, tolerance, stacklevel):
        self.traced = traced
        self.tolerance = tolerance
        self.stacklevel = stacklevel
        self.warned_nondeterministic = False

    def _warn_nondeterministic(self):
        if self.warned_nondeterministic:
            return
        self.warned_nondeterministic = True
        nodes = _tracer.nondeterministic_nodes(*_graph_of(self.traced))
        if nodes:
            from torch.jit._trace import TracerWarning

            message = "Trace had nondeterministic nodes. Did you forget call .eval() on your model? Nodes:\n"
            message += "\n".join(_indent(n) for n in nodes[:20])
            message += (
                "\nThis may cause errors in trace checking. To disable trace checking, pass "
                "check_trace=False to torch.jit.trace()"
            )
            warnings.warn(message, category=TracerWarning, stacklevel=self.stacklevel + 1)

    def outputs(self, original, reference, match_what):
        from torch.jit._trace import TracerWarning

        all_ok = True
        for i, (orig, ref) in enumerate(zip(original, reference)):
            atol = _default_atol(orig, ref)
            orig, ref = orig.double(), ref.double()
            message = _mismatch_message(orig, ref, self.tolerance, atol)
            if message is None:
                continue
            self._warn_nondeterministic()
            warnings.warn(
                f"Output nr {i + 1}. of the traced function does not match the corresponding "
                f"output of the {match_what}. Detailed error:\n{message}",
                category=TracerWarning,
                stacklevel=self.stacklevel,
            )
            all_ok = False
        return all_ok


def check_trace(
    check_inputs, func, traced, tolerance, strict, is_trace_module, _module_class, stacklevel=3
):
    """Checks `traced` (a traced function, or a method of a traced module) against `func`."""
    with torch.no_grad():
        for inputs in check_inputs:
            if isinstance(inputs, torch.Tensor):
                inputs = (inputs,)
            if is_trace_module:
                module = func.__self__ if hasattr(func, "__self__") else func
                copied = {name: _clone_inputs(data) for name, data in inputs.items()}
                check_module = torch.jit.trace_module(
                    module, copied, check_trace=False, strict=strict, _module_class=_module_class
                )
                check = getattr(check_module, traced.name)
                inputs = inputs[traced.name]
                if isinstance(inputs, (torch.Tensor, dict)):
                    inputs = (inputs,)
            else:
                check = torch.jit.trace(
                    func, _clone_inputs(inputs), check_trace=False, strict=strict
                )
            compare = _Comparison(traced, tolerance, stacklevel)
            traced_outs = _tensor_outputs(traced, inputs, "trace", traced, check)
            fn_outs = _tensor_outputs(func, inputs, "Python function", traced, check)
            if compare.outputs(traced_outs, fn_outs, "Python function"):
                check_outs = _tensor_outputs(check, inputs, "repeated trace", traced, check)
                compare.outputs(traced_outs, check_outs, "repeated trace")
            diagnostic = _graph_diagnostic_info(traced, check)
            if any(info is not None for info in diagnostic):
                raise TracingCheckError(*diagnostic)
