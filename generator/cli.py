"""The ``factsheet`` command: parses arguments and calls one pipeline function.

Every user-facing error is a :class:`~generator.errors.FactsheetError`, caught
here, printed to stderr, and turned into exit code 1. Usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import pipeline
from generator.errors import FactsheetError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factsheet", description="Validate fact-sheet sidecars and render them to Markdown.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("check", help="validate every sidecar and registry; write nothing")
    build = commands.add_parser("build", help="validate, then write the fact sheets as plain Markdown")
    build.add_argument("--out", type=Path, required=True, help="folder to write into (created if needed)")
    build.add_argument(
        "--templates", type=Path, action="append", help="template folder; repeat to override earlier ones (default: templates)"
    )
    schema = commands.add_parser("schema", help="write the JSON Schemas editors use to check sidecars and registries")
    schema.add_argument("--dir", type=Path, default=Path("schema"), help="folder to write into (default: schema)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            corpus = pipeline.check(args.content)
            print(f"ok: {len(corpus.sheets)} sidecars, {len(corpus.entities)} entities, {len(corpus.ratings)} ratings")
        elif args.command == "build":
            templates = list(reversed(args.templates)) if args.templates else [Path("templates")]
            written = pipeline.build(args.content, templates, args.out)
            print(f"wrote {len(written)} pages to {args.out}")
        elif args.command == "schema":
            for path in pipeline.write_schemas(args.dir):
                print(f"wrote {path}")
    except FactsheetError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
