"""%backend: the tensor backend in use and those found (runtime/backend/tfjs.ts, through the
_torchscript_notebook bridge)."""

import json

from _torchscript_magic_support import UsageError

__tracebackhide__ = True


def backend_line(line, globals_, locals_):
    """%backend: the tensor backend in use and those found; %backend NAME picks one."""
    import _torchscript_notebook

    info = json.loads(_torchscript_notebook.tensorBackends())
    wanted = line.strip()
    if wanted:
        return _choose_backend(wanted, info)
    print(f"Tensor backend in use: {_backend_words(info)}")
    found = ", ".join(info["found"]) or "none (TensorFlow.js not started)"
    print(f"Backends found: {found}")
    for missing in info["missing"]:
        print(f"Not available: {missing['name']}: {missing['reason']}")
    print(
        "Every operator also has a JavaScript reference kernel, used for small problems and "
        "for kernels the backend lacks."
    )


def _backend_words(info):
    active = info["active"]
    if active == "wasm" and info.get("wasm"):
        wasm = info["wasm"]
        threads = wasm["threads"]
        simd = "SIMD, " if wasm["simd"] else ""
        return f"wasm (TensorFlow.js WebAssembly, {simd}{threads} thread{'' if threads == 1 else 's'})"
    if active == "tensorflow":
        return f"tensorflow (TensorFlow.js native, {info.get('nativePackage') or 'libtensorflow'})"
    if active == "cpu":
        return "cpu (TensorFlow.js CPU)"
    return "reference (JavaScript reference kernels; TensorFlow.js not started)"


def _choose_backend(wanted, info):
    known = list(info["found"]) + ["reference"]
    if wanted not in known:
        raise UsageError(f"%backend {wanted}: no such backend here; found: {', '.join(known)}")
    if wanted == info["active"]:
        print(f"Tensor backend in use: {_backend_words(info)}")
        return None
    raise NotImplementedError(
        f"%backend {wanted}: choosing the tensor backend is not supported yet; the runtime "
        f"uses the best one it found ({info['active']})"
    )
