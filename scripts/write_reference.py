"""Write the manual's generated reference pages (the field reference and the error codes) into docs/reference/.

Run ``make reference`` after changing the model or an error code; a test
fails while the committed pages differ from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from generator.render.manual import write_manual_pages

DOCS = Path(__file__).resolve().parent.parent / "docs"

if __name__ == "__main__":
    for path in write_manual_pages(DOCS):
        print(f"wrote {path.relative_to(DOCS.parent)}")
