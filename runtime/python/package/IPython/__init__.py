"""A small stand-in for IPython in the TorchScript kernel: enough of IPython.display for the
notebooks people write (display, HTML, SVG, Markdown, Image, update_display, clear_output). It is
not IPython: get_ipython() returns None, as it does in a plain Python process.
"""

from IPython.display import display


def get_ipython():
    """None: the kernel's shell is not an IPython InteractiveShell."""
    return None


__all__ = ["display", "get_ipython"]
