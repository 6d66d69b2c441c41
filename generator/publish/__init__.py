"""Stage 4, publish: write output folders so that nothing is ever lost.

``write_pages`` (``factsheet build --out DIR``) writes plain Markdown for any
site tool. A manifest beside the pages records the hash of every file written.
Before anything is written, the whole plan is checked: every page path must be
a plain relative path (no absolute path, no ``..``, no backslash) not named
like this module's own files, the manifest must be one the generator could have
written, and a file the generator did not write, or one edited since, is never
overwritten or deleted; the run stops with an error naming each such file
instead. The whole set of changes is then applied all or nothing, through a
journal:

1. *prepare*: a pending record naming this run's random token is written, then
   every new or changed page is written and fsynced under a temporary name
   holding that token, beside its target;
2. *commit*: a journal listing every rename, every deletion and the new
   manifest is written to a temporary name and renamed into place;
3. *apply*: the renames and deletions are carried out, the manifest is
   written, and the journal and pending record are removed.

A run that stops before the commit leaves the old pages; one that stops after
it leaves a journal that the next run (or :func:`recover`) rolls forward. Only
files named with the token of a pending record or journal are ever removed as
leftovers, so a file the generator did not create is never deleted. Ctrl-C
before the commit removes the temporary files; after it, it is held back until
the new state is complete (if a file was edited meanwhile, the run ends with
that conflict rather than with the Ctrl-C).

``replace_tree`` (``factsheet site``) builds a whole new folder beside the old
one and swaps the two in one step, so the folder is always either the complete
old tree or the complete new one.
"""

from __future__ import annotations

from generator.publish.disk import JOURNAL, MANIFEST, PENDING, TEMP_NAME
from generator.publish.journal import Recovery, recover, write_pages
from generator.publish.swap import replace_tree

__all__ = ["JOURNAL", "MANIFEST", "PENDING", "TEMP_NAME", "Recovery", "recover", "replace_tree", "write_pages"]
