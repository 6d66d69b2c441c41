"""Stage 3, render: the validated corpus through Jinja templates into Markdown pages.

:mod:`.pages` renders every page of the site, and :mod:`.manual` the generated pages of the
tool's manual; :mod:`.chart` draws the tracked figures, :mod:`.export` writes the CSV and JSON
downloads, and :mod:`.syndicate` the Atom feed and the structured data.

The environment has ``StrictUndefined`` and a finalize hook that escapes
every printed value for Markdown (see :mod:`generator.mdtext`), so template
authors cannot forget to. Front matter is written by PyYAML's dumper.
The output is a mapping of page path to Markdown, in a stable order, and the
same input always gives byte-identical pages.
"""

from __future__ import annotations

from generator.render.manual import field_reference, manual_pages
from generator.render.pages import (
    CLAIM_REVIEWS,
    ENTITIES_DIR,
    SERIES_DIR,
    SHEETS_DIR,
    SOURCES_DIR,
    environment,
    format_quantity,
    front_matter,
    render_entities,
    render_home,
    render_index,
    render_pages,
    render_series,
    render_sheet,
    render_sources,
)
from generator.text import format_date

__all__ = [
    "CLAIM_REVIEWS",
    "ENTITIES_DIR",
    "SERIES_DIR",
    "SHEETS_DIR",
    "SOURCES_DIR",
    "environment",
    "field_reference",
    "format_date",
    "format_quantity",
    "front_matter",
    "manual_pages",
    "render_entities",
    "render_home",
    "render_index",
    "render_pages",
    "render_series",
    "render_sheet",
    "render_sources",
]
