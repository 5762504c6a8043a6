"""Rich output, as IPython does it: objects show as MIME bundles ({'text/plain': repr, 'text/html':
..., 'image/png': ...}) made from their `_repr_*_` methods, and display() publishes them while the
cell runs. The host (runtime/python/host.ts) installs the publisher at start; events go to the
kernel as display_data, update_display_data and clear_output.

IPython.display (the shim in this package) re-exports what is here, so notebooks written for
IPython keep working.
"""

import base64
import json
import sys
import traceback
import uuid

__tracebackhide__ = True

# MIME type -> the method that gives it, as IPython's display formatters look them up.
_REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("text/latex", "_repr_latex_"),
    ("application/json", "_repr_json_"),
    ("application/javascript", "_repr_javascript_"),
    ("application/pdf", "_repr_pdf_"),
)
# Binary formats travel as base64 text, as in Jupyter messages.
_BINARY = {"image/png", "image/jpeg", "application/pdf"}

_publish = None


def install(publish):
    """The host's publisher: takes one event as JSON text."""
    global _publish
    _publish = publish


def _send(event):
    if _publish is None:
        raise RuntimeError("display() needs the notebook host, which has not started")
    _publish(json.dumps(event))


# ---- MIME bundles ----


def format_bundle(obj, include=None, exclude=None):
    """(data, metadata): what `obj` shows as, by MIME type; text/plain is always there."""
    data, metadata = {}, {}
    for mime, method_name in _REPR_METHODS:
        _add(data, metadata, mime, _call_repr(obj, method_name))
    bundle = _call_repr(obj, "_repr_mimebundle_", include=include, exclude=exclude)
    if bundle is not None:
        extra, extra_metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        for mime, value in extra.items():
            _add(data, metadata, mime, (value, extra_metadata.get(mime)))
    data.setdefault("text/plain", repr(obj))
    if include is not None:
        data = {mime: v for mime, v in data.items() if mime in include or mime == "text/plain"}
    if exclude is not None:
        data = {mime: v for mime, v in data.items() if mime not in exclude}
    return data, {mime: v for mime, v in metadata.items() if mime in data}


def _call_repr(obj, method_name, **kwargs):
    """The method's result, None when the type has no such method or it fails (said on stderr,
    as IPython's formatters say it, so a broken _repr_html_ never loses the output)."""
    # Looked up on the type: objects that answer every attribute (mocks, proxies) have no
    # such method for it.
    if getattr(type(obj), method_name, None) is None:
        return None
    try:
        return getattr(obj, method_name)(**kwargs)
    except Exception:  # noqa: BLE001  (any failure of a formatter is reported, not raised)
        sys.stderr.write(f"{type(obj).__name__}.{method_name} failed:\n{traceback.format_exc()}")
        return None


def _add(data, metadata, mime, result):
    if result is None:
        return
    value, meta = result if isinstance(result, tuple) else (result, None)
    if value is None:
        return
    if isinstance(value, (bytes, bytearray)):
        value = base64.b64encode(value).decode("ascii") if mime in _BINARY else value.decode()
    try:
        json.dumps(value)
    except (TypeError, ValueError) as error:
        sys.stderr.write(f"{mime} output of {type(value).__name__} is not JSON: {error}\n")
        return
    data[mime] = value
    if meta:
        metadata[mime] = meta


def rich_value(obj):
    """The cell result's bundle when it shows as more than its repr, else None."""
    data, metadata = format_bundle(obj)
    if set(data) == {"text/plain"} and not metadata:
        return None
    return {"data": data, "metadata": metadata}


# ---- display() ----


class DisplayHandle:
    """A display that can be shown again or updated in place (display(..., display_id=True))."""

    def __init__(self, display_id=None):
        self.display_id = display_id if display_id is not None else uuid.uuid4().hex

    def __repr__(self):
        return f"<{type(self).__name__} display_id={self.display_id}>"

    def display(self, obj, **kwargs):
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj, **kwargs):
        display(obj, display_id=self.display_id, update=True, **kwargs)


def publish_display_data(data, metadata=None, transient=None, update=False, **kwargs):
    """Publishes a MIME bundle as it is."""
    display_id = (transient or {}).get("display_id")
    _send(
        {
            "kind": "display",
            "data": dict(data),
            "metadata": dict(metadata or {}),
            "displayId": None if display_id is None else str(display_id),
            "update": bool(update),
        }
    )


def display(
    *objs,
    include=None,
    exclude=None,
    metadata=None,
    transient=None,
    display_id=None,
    raw=False,
    clear=False,
    update=False,
    **kwargs,
):
    """Shows each object in the cell's output by its richest MIME types, as IPython's display().
    With display_id (True for a new one) it returns a DisplayHandle, and update=True replaces
    what was shown under that id instead of adding an output."""
    if display_id is True:
        display_id = uuid.uuid4().hex
    if update and display_id is None:
        raise TypeError("display_id required for update")
    transient = dict(transient or {})
    if display_id is not None:
        transient["display_id"] = display_id
    for obj in objs:
        if clear:
            clear_output(wait=True)
        if raw:
            publish_display_data(obj, metadata, transient, update)
            continue
        if hasattr(type(obj), "_ipython_display_"):
            obj._ipython_display_()
            continue
        data, shown_metadata = format_bundle(obj, include, exclude)
        if metadata:
            shown_metadata = {**shown_metadata, **metadata}
        publish_display_data(data, shown_metadata, transient, update)
    if display_id is not None:
        return DisplayHandle(display_id)
    return None


def update_display(obj, *, display_id, **kwargs):
    """Replaces what was shown under display_id."""
    kwargs["update"] = True
    display(obj, display_id=display_id, **kwargs)


def clear_output(wait=False):
    """Clears the cell's output; with wait=True, when the next output arrives."""
    sys.stdout.flush()
    sys.stderr.flush()
    _send({"kind": "clear", "wait": bool(wait)})
