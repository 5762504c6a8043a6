"""torch.testing: assert_close (and the deprecated assert_allclose) as PyTorch 1.13 checks and
words them: tensors, Python numbers, and sequences or mappings of them, item by item."""

import collections.abc
import math
import warnings

import torch

__all__ = ["assert_allclose", "assert_close"]

# Default (rtol, atol) by dtype; integers and bools compare exactly.
_TOLERANCES = {torch.float32: (1.3e-6, 1e-5), torch.float64: (1e-7, 1e-7)}
# assert_allclose's own defaults.
_ALLCLOSE_TOLERANCES = {torch.float32: (1e-4, 1e-5), torch.float64: (1e-5, 1e-8)}


class _Mismatch(AssertionError):
    pass


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raises AssertionError unless `actual` and `expected` are close, with PyTorch's message."""
    __tracebackhide__ = True
    if (rtol is None) != (atol is None):
        raise ValueError(
            f"Both 'rtol' and 'atol' must be either specified or omitted, "
            f"but got no {'rtol' if rtol is None else 'atol'}."
        )
    options = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device,
                   check_dtype=check_dtype, check_stride=check_stride)
    try:
        _compare(actual, expected, options, [])
    except _Mismatch as mismatch:
        raise AssertionError(msg if msg is not None else str(mismatch)) from None


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated since PyTorch 1.12: assert_close with assert_allclose's tolerances."""
    __tracebackhide__ = True
    warnings.warn(
        "torch.testing.assert_allclose() is deprecated since 1.12 and will be removed in 1.14. "
        "Use torch.testing.assert_close() instead. For detailed upgrade instructions see "
        "https://github.com/pytorch/pytorch/issues/61844.",
        FutureWarning,
        stacklevel=2,
    )
    if not isinstance(actual, torch.Tensor):
        actual = torch.tensor(actual)
    if not isinstance(expected, torch.Tensor):
        expected = torch.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = _ALLCLOSE_TOLERANCES.get(torch.promote_types(actual.dtype, expected.dtype), (0.0, 0.0))
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True,
                 check_dtype=False, check_stride=False, msg=msg or None)


def _compare(actual, expected, options, path):
    if isinstance(actual, torch.Tensor) or isinstance(expected, torch.Tensor):
        if not (isinstance(actual, torch.Tensor) and isinstance(expected, torch.Tensor)):
            raise TypeError(
                f"No comparison pair was able to handle inputs of type {type(actual)} "
                f"and {type(expected)}."
            )
        return _compare_tensors(actual, expected, options, path)
    if _is_number(actual) and _is_number(expected):
        return _compare_numbers(actual, expected, options, path)
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        if set(actual) != set(expected):
            raise _Mismatch(_located(
                f"The keys of the mappings do not match:\n"
                f"Missing keys in the actual mapping: {sorted(set(expected) - set(actual))}\n"
                f"Additional keys in the actual mapping: {sorted(set(actual) - set(expected))}", path))
        for key in actual:
            _compare(actual[key], expected[key], options, path + [key])
        return None
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Mismatch(_located(
                f"The length of the sequences mismatch: {len(actual)} != {len(expected)}", path))
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, options, path + [i])
        return None
    raise TypeError(
        f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}."
    )


def _is_number(x):
    return isinstance(x, (bool, int, float, complex))


def _is_sequence(x):
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, str)


def _located(message, path):
    if not path:
        return message
    return message + "\n\nThe failure occurred for item " + "".join(f"[{k!r}]" for k in path)


def _compare_numbers(actual, expected, options, path):
    exact = isinstance(actual, (bool, int)) and isinstance(expected, (bool, int))
    rtol, atol = _tolerances(options, torch.int64 if exact else torch.float64)
    if actual == expected or (options["equal_nan"] and math.isnan(actual) and math.isnan(expected)):
        return
    abs_diff = abs(actual - expected)
    if not exact and abs_diff <= atol + rtol * abs(expected):
        return
    rel_diff = abs_diff / abs(expected) if expected != 0 else math.inf
    raise _Mismatch(_located(_difference_message("Scalars", rtol, atol, [
        ("Absolute difference", abs_diff, None, atol),
        ("Relative difference", rel_diff, None, rtol),
    ], exact), path))


def _compare_tensors(actual, expected, options, path):
    for attribute in ("shape", "dtype") if options["check_dtype"] else ("shape",):
        a, e = getattr(actual, attribute), getattr(expected, attribute)
        if a != e:
            raise _Mismatch(_located(
                f"The values for attribute '{attribute}' do not match: {a} != {e}.", path))
    if options["check_device"] and actual.device != expected.device:
        raise _Mismatch(_located(
            f"The values for attribute 'device' do not match: {actual.device} != {expected.device}.",
            path))
    if options["check_stride"] and actual.stride() != expected.stride():
        raise _Mismatch(_located(
            f"The values for attribute 'stride()' do not match: {actual.stride()} != "
            f"{expected.stride()}.", path))
    dtype = torch.promote_types(actual.dtype, expected.dtype)
    rtol, atol = _tolerances(options, dtype)
    actual, expected = actual.to(dtype), expected.to(dtype)
    exact = not dtype.is_floating_point
    if dtype == torch.bool:
        actual, expected = actual.to(torch.int64), expected.to(torch.int64)
    close = torch.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=options["equal_nan"])
    if bool(close.all()):
        return
    if actual.dim() == 0:
        _compare_numbers(actual.item(), expected.item(), dict(options, rtol=rtol, atol=atol), path)
        return
    # The differences in float64 for floats; in int64 for integers (their ratio in float32).
    wide = torch.float64 if dtype.is_floating_point else torch.int64
    actual, expected = actual.to(wide), expected.to(wide)
    abs_diff = (actual - expected).abs()
    rel_diff = abs_diff / expected.abs()
    mismatched = int((~close).sum())
    total = actual.numel()
    abs_diff = abs_diff.masked_fill(close, 0)
    rel_diff = rel_diff.masked_fill(close, 0)
    raise _Mismatch(_located(
        f"Tensor-likes are not {'equal' if exact else 'close'}!\n\n"
        f"Mismatched elements: {mismatched} / {total} ({mismatched / total:.1%})\n"
        + _difference_lines([
            ("Greatest absolute difference", *_greatest(abs_diff), atol),
            ("Greatest relative difference", *_greatest(rel_diff), rtol),
        ], exact), path))


def _greatest(diff):
    """The largest difference (nan first, as max finds it) and its index."""
    flat = diff.reshape(-1)
    nans = torch.isnan(flat)
    i = int(nans.int().argmax()) if bool(nans.any()) else int(flat.argmax())
    value = flat[i].item()
    index = []
    for size in reversed(diff.shape):
        index.append(i % size)
        i //= size
    return value, tuple(reversed(index))


def _tolerances(options, dtype):
    if options["rtol"] is not None:
        return options["rtol"], options["atol"]
    return _TOLERANCES.get(dtype, (0.0, 0.0))


def _difference_message(kind, rtol, atol, lines, exact):
    return f"{kind} are not {'equal' if exact else 'close'}!\n\n" + _difference_lines(lines, exact)


def _difference_lines(lines, exact):
    out = []
    for title, value, index, tolerance in lines:
        where = "" if index is None else f" at index {index}"
        allowed = "" if exact else f" (up to {tolerance} allowed)"
        out.append(f"{title}: {value}{where}{allowed}")
    return "\n".join(out)
