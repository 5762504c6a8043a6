"""IPython.display for the TorchScript kernel: display() and the display objects notebooks use,
over the kernel's own display machinery (_torchscript_display).

Each object holds its data and shows it through one `_repr_*_` method, as IPython's do; data can
come from a string, bytes, or a file (`filename=`). A URL is never fetched: Image(url=...) shows
an <img> pointing at it, and the other objects refuse it with a clear error.
"""

import base64
import json as _json

from _torchscript_display import (
    DisplayHandle,
    clear_output,
    display,
    publish_display_data,
    update_display,
)

__all__ = [
    "HTML",
    "JSON",
    "SVG",
    "Code",
    "DisplayHandle",
    "DisplayObject",
    "Image",
    "Javascript",
    "Latex",
    "Markdown",
    "Pretty",
    "TextDisplayObject",
    "clear_output",
    "display",
    "publish_display_data",
    "update_display",
]


class DisplayObject:
    """Data to show, given directly or read from `filename`."""

    _binary = False

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if url is not None:
            raise NotImplementedError(
                f"{type(self).__name__}(url=...) is not supported yet: the kernel does not "
                "fetch from the network; pass the data or a filename"
            )
        if filename is not None:
            with open(filename, "rb" if self._binary else "r") as file:
                data = file.read()
        self.data = data
        self.metadata = dict(metadata or {})

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object>"

    def _data_and_metadata(self):
        return (self.data, self.metadata) if self.metadata else self.data


class TextDisplayObject(DisplayObject):
    """Display objects whose data is text."""

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, (bytes, bytearray)):
            data = data.decode()
        super().__init__(data, url, filename, metadata)


class Pretty(TextDisplayObject):
    def _repr_pretty_(self, printer, cycle):
        printer.text(self.data)

    def __repr__(self):
        return self.data


class HTML(TextDisplayObject):
    def _repr_html_(self):
        return self._data_and_metadata()

    def __html__(self):
        return self.data


class Markdown(TextDisplayObject):
    def _repr_markdown_(self):
        return self._data_and_metadata()


class Latex(TextDisplayObject):
    def _repr_latex_(self):
        return self._data_and_metadata()


class Javascript(TextDisplayObject):
    def _repr_javascript_(self):
        return self._data_and_metadata()


class Code(TextDisplayObject):
    """Source code, shown as preformatted HTML (without highlighting)."""

    def __init__(self, data=None, url=None, filename=None, language=None):
        super().__init__(data, url, filename)
        self.language = language

    def _repr_html_(self):
        import html

        return f"<pre><code>{html.escape(self.data)}</code></pre>"

    def __repr__(self):
        return self.data


class SVG(DisplayObject):
    """An SVG image; from a whole file, only its <svg> element is kept, as IPython keeps it."""

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, (bytes, bytearray)):
            data = data.decode()
        super().__init__(data, url, filename, metadata)
        if isinstance(self.data, str) and "<svg" in self.data:
            self.data = self.data[self.data.index("<svg") :]

    def _repr_svg_(self):
        return self._data_and_metadata()


class JSON(DisplayObject):
    """JSON data (a dict or list, or its text), shown as application/json."""

    def __init__(self, data=None, url=None, filename=None, expanded=False, metadata=None, **kwargs):
        super().__init__(data, url, filename, metadata)
        if isinstance(self.data, str):
            self.data = _json.loads(self.data)
        self.metadata.update({"expanded": expanded, **kwargs})

    def _repr_json_(self):
        return self.data, self.metadata


class Image(DisplayObject):
    """A PNG or JPEG image from bytes or a file; Image(url=...) shows an <img> to the URL."""

    _binary = True
    _formats = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg"}

    def __init__(
        self,
        data=None,
        url=None,
        filename=None,
        format=None,  # noqa: A002  (IPython's name)
        embed=None,
        width=None,
        height=None,
        metadata=None,
        **kwargs,
    ):
        self.url = url
        self.width = width
        self.height = height
        self.format = self._format_of(format, filename, data)
        super().__init__(data, None, filename, metadata)
        if isinstance(self.data, str):
            self.data = base64.b64decode(self.data)

    def _format_of(self, format, filename, data):  # noqa: A002
        if format is None and filename is not None:
            format = filename.rsplit(".", 1)[-1].lower()
        if format is None and isinstance(data, (bytes, bytearray)):
            format = "jpeg" if bytes(data[:2]) == b"\xff\xd8" else "png"
        format = (format or "png").lower()
        if format not in self._formats:
            raise ValueError(f"Cannot embed the '{format}' image format")
        return format

    def _size_metadata(self):
        size = {k: v for k, v in (("width", self.width), ("height", self.height)) if v}
        return {**size, **self.metadata}

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.url is not None and self.data is None:
            size = "".join(f' {k}="{v}"' for k, v in self._size_metadata().items())
            return {"text/html": f'<img src="{self.url}"{size}/>'}
        mime = self._formats[self.format]
        data = base64.b64encode(self.data).decode("ascii")
        metadata = self._size_metadata()
        return {mime: data}, ({mime: metadata} if metadata else {})
