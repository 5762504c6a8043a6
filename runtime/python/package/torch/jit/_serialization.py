"""torch.jit.save / torch.jit.load: archives in PyTorch 1.13's layout, written and read by the
TypeScript runtime (runtime/serialization/), so PyTorch loads ours and we load PyTorch's."""

import os

from torch._C import _jit
from torch.jit._script import ScriptFunction

__tracebackhide__ = True


def save(m, f, _extra_files=None):
    """Saves a scripted module or function to a path or a writable binary file."""
    from torch.jit._script_module import is_compiled

    if is_compiled(m):
        handle = m._c
    elif isinstance(m, ScriptFunction):
        handle = m._handle
    else:
        raise TypeError(f"torch.jit.save expects a ScriptModule or ScriptFunction, got {type(m).__name__}")
    extra = {
        name: content if isinstance(content, (bytes, bytearray)) else str(content)
        for name, content in (_extra_files or {}).items()
    }
    if isinstance(f, (str, os.PathLike)):
        _jit.save_module_to_file(handle, extra, os.path.abspath(f))
    else:
        f.write(bytes(_jit.save_module(handle, extra)))


def load(f, map_location=None, _extra_files=None):
    """Loads a module saved by torch.jit.save (ours or PyTorch's); fills `_extra_files`."""
    from torch.jit._script_module import RecursiveScriptModule

    if isinstance(f, (str, os.PathLike)):
        if not os.path.exists(f):
            raise ValueError(f"The provided filename {f} does not exist")
        if os.path.isdir(f):
            raise ValueError(f"The provided filename {f} is a directory")
    location = None if map_location is None else str(map_location)
    if isinstance(f, (str, os.PathLike)):
        handle, extra = _jit.load_module_from_file(os.path.abspath(f), location)
    else:
        handle, extra = _jit.load_module(f.read(), location)
    if _extra_files is not None:
        for name in list(_extra_files):
            _extra_files[name] = extra.get(name, b"")
    return RecursiveScriptModule._from_handle(handle)

