"""Runs one conformance case in our Python host exactly as ../shared/conformance/README.md says:
case.py loaded as the module `case`, the entry scripted (a function) or constructed and scripted
(a module), called with the decoded inputs. Returns what our system produced, as JSON: the
result in the corpus encoding, its type, the error (phase and message), graph and code.
"""

import importlib.util
import json
import linecache
import math
import sys

import torch
from torch.jit import _script

_CASE_FILE = "/conformance/case.py"

_DTYPES = {
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "int16": torch.int16,
    "int8": torch.int8,
    "uint8": torch.uint8,
    "bool": torch.bool,
}


def _float(value):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value]


def decode(value, module):
    """A corpus value as Python: tensors, tuples (NamedTuples of the case), dicts, objects."""
    if isinstance(value, list):
        return [decode(v, module) for v in value]
    if not isinstance(value, dict):
        return value
    if "$float" in value:
        return _float(value["$float"])
    if "$tensor" in value:
        t = value["$tensor"]
        data = [_float(x) if isinstance(x, str) else x for x in t["data"]]
        return torch.tensor(data, dtype=_DTYPES[t["dtype"]]).reshape(t["shape"])
    if "$tuple" in value:
        items = tuple(decode(v, module) for v in value["$tuple"])
        if "names" in value:
            return _named_tuple_class(module, value["names"])(*items)
        return items
    if "$dict" in value:
        return {decode(k, module): decode(v, module) for k, v in value["$dict"]}
    if "$object" in value:
        obj = value["$object"]
        cls = getattr(module, obj["class"])
        instance = object.__new__(cls)
        for name, field in obj["fields"].items():
            setattr(instance, name, decode(field, module))
        return instance
    raise ValueError(f"cannot decode {value}")


def _named_tuple_class(module, names):
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, tuple) and list(getattr(value, "_fields", ())) == names:
            return value
    raise ValueError(f"no NamedTuple with fields {names} in case.py")


def encode(value):
    """A result in the corpus encoding (floats stay floats; the caller compares)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, torch.Tensor):
        dtype = str(value.dtype).replace("torch.", "")
        flat = value.reshape(-1).tolist()
        if dtype in ("float32", "float64"):
            flat = [encode(x) if isinstance(x, float) else x for x in flat]
        return {"$tensor": {"dtype": dtype, "shape": list(value.shape), "data": flat}}
    if isinstance(value, tuple):
        out = {"$tuple": [encode(v) for v in value]}
        if hasattr(value, "_fields"):
            out["names"] = list(value._fields)
        return out
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if type(value).__name__ == "ScriptObject":
        name = value._type().rsplit(".", 1)[-1]
        return {"$object": {"class": name, "fields": {f: encode(getattr(value, f)) for f in value._fields()}}}
    return {"$unknown": repr(value)}


def _load_case(source):
    with open(_CASE_FILE, "w") as file:
        file.write(source)
    # Every case is case.py: what linecache (inspect) and bytecode caches hold is stale.
    linecache.clearcache()
    sys.dont_write_bytecode = True
    sys.modules.pop("case", None)
    spec = importlib.util.spec_from_file_location("case", _CASE_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["case"] = module
    spec.loader.exec_module(module)
    return module


def _compile(case, module):
    entry = getattr(module, case["entry"])
    if case["method"] is None:
        compiled = torch.jit.script(entry)
        return compiled, compiled
    instance = entry(*[decode(a, module) for a in case["init_args"] or []])
    scripted = torch.jit.script(instance)
    return scripted, getattr(scripted, case["method"])


def _short_paths(text):
    """Source comments as the corpus writes them: `case.py:6:11`, `torch/nn/functional.py:...`."""
    package = torch.__file__.rsplit("/torch/", 1)[0] + "/"
    return text.replace(_CASE_FILE, "case.py").replace(package, "")


def _error(phase, error):
    return {"phase": phase, "message": f"{type(error).__name__}: {error}"}


def run_case(case_json):
    case = json.loads(case_json)
    torch._C._jit.new_session()
    out = {"name": case["name"], "result": None, "type": None, "error": None, "graph": None, "code": None}
    try:
        module = _load_case(case["source"])
        owner, function = _compile(case, module)
        out["graph"] = _short_paths(str(function.graph))
        out["code"] = function.code
        out["type"] = _return_type(function)
    except Exception as error:  # noqa: B902  (what the case raised is the outcome)
        out["error"] = _error("compile", error)
        return json.dumps(out)
    try:
        args = [decode(a, module) for a in case["inputs"]]
        out["result"] = encode(function(*args))
    except Exception as error:  # noqa: B902
        out["error"] = _error("runtime", error)
    return json.dumps(out)


def _return_type(function):
    return function._return_annotation()
