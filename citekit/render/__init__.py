"""Reference lists in citation styles, and CSL-JSON export.

`render_entries(store, entries, style="harvard", markup="text")` gives the formatted references in
the style's bibliography order; `available_styles()` the names `--style` accepts.
"""

from __future__ import annotations

from citekit.render.backends import MARKUPS
from citekit.render.engine import FormatResult, Rendered, format_entries, render_entries
from citekit.render.style import Style, StyleError, available_styles, load_style

__all__ = ["MARKUPS", "FormatResult", "Rendered", "Style", "StyleError", "available_styles", "format_entries",
           "load_style", "render_entries"]
