"""The ``factsheet`` command: parses arguments and calls one pipeline function.

Every user-facing error is a :class:`~generator.errors.FactsheetError`, caught
here, printed to stderr, and turned into exit code 1. Usage errors exit with 2;
Ctrl-C exits with 130, after the command has left its output old or new.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator import cache, cms, pipeline, sites
from generator.chars import printable
from generator.draft import report as draft_report
from generator.errors import FactsheetError, ValidationFailed, count_line
from generator.render.syndicate import Site


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factsheet", description="Validate fact-sheet sidecars and render them to Markdown.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate every sidecar and registry, and verify sidecars against their texts")
    check.add_argument(
        "--format",
        choices=["text", "github", "json"],
        help="how to print problems: github prints Actions annotations, json one object for tools "
        "(default: github when GITHUB_ACTIONS=true, else text)",
    )
    build = commands.add_parser("build", help="validate, then write the fact sheets as plain Markdown")
    build.add_argument("--out", type=Path, required=True, help="folder to write into (created if needed)")
    build.add_argument(
        "--templates", type=Path, action="append", help="template folder; repeat to override earlier ones (default: templates)"
    )
    build.add_argument("--site-url", help="where the pages will be published; adds ClaimReview data and an Atom feed")
    build.add_argument("--organisation", default="Factsheet", help="who publishes the fact checks, with --site-url")
    build.add_argument(
        "--publishing-principles", metavar="PAGE", help="the page on how sheets are made, named in the structured data"
    )
    build.add_argument(
        "--corrections-policy", metavar="PAGE", help="the page on how sheets are corrected, named in the structured data"
    )
    site = commands.add_parser(
        "site", help="validate, build the site, and swap it in for the old one in one step (--content does not apply)"
    )
    site.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    site.add_argument("--site-dir", type=Path, help="folder to replace (default: the site_dir in the configuration)")
    site.add_argument(
        "--engine",
        choices=sorted(sites.ENGINES),
        default=sites.DEFAULT_ENGINE,
        help="site engine to build with (default: %(default)s)",
    )
    new = commands.add_parser("new", help="write an empty, commented sidecar content/articles/SLUG.yml")
    new.add_argument("slug", help="the sheet's slug, like 2024-05-01-bridge-closure")
    new.add_argument("--force", action="store_true", help="replace the file if it exists")
    draft = commands.add_parser("draft", help="draft a sidecar from an article's text (.txt, or .md for Markdown)")
    draft.add_argument("article", type=Path, help="the article text, usually content/articles/SLUG.txt")
    draft.add_argument("--out", type=Path, help="where to write the sidecar (default: beside the article, as .yml)")
    draft.add_argument("--published", type=date.fromisoformat, help="the article's date, YYYY-MM-DD (default: left TODO)")
    draft.add_argument("--force", action="store_true", help="replace the sidecar if it exists")
    diff = commands.add_parser("diff", help="summarise in Markdown what changed in meaning since a git revision")
    diff.add_argument("base", nargs="?", help="git revision to compare with (default: the merge base with main)")
    links = commands.add_parser("links", help="check every URL in the content over the network; exit 1 on a dead link")
    links.add_argument("--allow-local", action="store_true", help="also ask hosts on this machine or a private network")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each host (default: %(default)s)")
    links.add_argument(
        "--max-age", type=float, default=24.0, help="hours a result is reused before it is asked again (default: %(default)s)"
    )
    links.add_argument("--format", choices=["text", "github", "json"], help="how to print findings, as for check")
    cms_config = commands.add_parser("cms-config", help="print the Git-based CMS's config.yml, derived from the model")
    cms_config.add_argument("--repo", help="the GitHub repository to commit to, owner/name (default: the git-gateway backend)")
    cms_config.add_argument("--branch", default="main", help="the branch pull requests go to (default: %(default)s)")
    cms_config.add_argument("--auth-url", help="the newsroom's OAuth service for GitHub logins (default: Netlify's)")
    cms_config.add_argument("--local", action="store_true", help="use decap-server on this machine (make cms)")
    cms_status = commands.add_parser("cms-status", help="give sheets the status of the CMS's workflow column (a PR label)")
    cms_status.add_argument("--label", required=True, choices=list(cms.WORKFLOW_LABELS), help="the pull request's label")
    cms_status.add_argument("sidecars", nargs="+", type=Path, help="the sidecars the pull request changes")
    schema = commands.add_parser("schema", help="write the JSON Schemas editors use to check sidecars and registries")
    schema.add_argument("--dir", type=Path, default=Path("schema"), help="folder to write into (default: schema)")
    return parser


def _check(content: Path, style: str) -> int:
    """``factsheet check``: every problem in the format asked for; 1 if any is an error."""
    corpus = None
    try:
        corpus = pipeline.check(content)
    except ValidationFailed as exc:
        failed: ValidationFailed | None = exc
        problems, notes = exc.problems, exc.notes()
    else:
        failed, problems, notes = None, corpus.warnings, []
    code = failed.exit_code if failed else 0
    if style == "json":
        print(json.dumps({"problems": [p.as_json() for p in problems], "notes": notes}, indent=2))
        return code
    if failed is not None and style == "text":
        print(failed.report(), file=sys.stderr)
        return code
    shown = [p.github() if style == "github" else p.format() for p in problems]
    if problems:
        shown.append(count_line(problems))
    shown += [f"::notice::{note}" if style == "github" else note for note in notes]
    if corpus is not None:
        sheets = f"{len(corpus.sheets) + len(corpus.unfinished)} sidecars"
        if corpus.unfinished:
            sheets += f" ({len(corpus.unfinished)} still to fill in)"
        shown.append(f"ok: {sheets}, {len(corpus.entities)} entities, {len(corpus.ratings)} ratings, {len(corpus.series)} series")
    print("\n".join(shown))
    return code


def _links(args: argparse.Namespace, style: str) -> int:
    """``factsheet links``: every dead or moved link, located; 1 if any is dead."""
    report = pipeline.check_links(args.content, allow_local=args.allow_local, timeout=args.timeout, max_age=args.max_age * 3600)
    dead = sum(p.severity == "error" for p in report.problems)
    if style == "json":
        print(json.dumps({"problems": [p.as_json() for p in report.problems], "notes": []}, indent=2))
        return 1 if dead else 0
    shown = [p.github() if style == "github" else p.format() for p in report.problems]
    moved = len(report.problems) - dead
    shown.append(f"links: {report.checked} asked, {report.cached} reused from earlier runs; {dead} dead, {moved} moved")
    print("\n".join(shown))
    return 1 if dead else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.content, args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"))
        if args.command == "links":
            return _links(args, args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"))
        if args.command == "new":
            print(f"wrote {pipeline.new_sidecar(args.content, args.slug, force=args.force)}")
        elif args.command == "draft":
            path, found = pipeline.draft_sidecar(args.article, args.content, args.out, force=args.force, published=args.published)
            for line in draft_report(found):
                print(line)
            print(f"wrote {path}; fill in every TODO, then run factsheet check")
        elif args.command == "diff":
            sys.stdout.write(pipeline.diff(args.content, args.base))
        elif args.command == "build":
            templates = list(reversed(args.templates)) if args.templates else [Path("templates")]
            published = None
            if args.site_url is not None:
                url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
                try:
                    published = Site(
                        url,
                        "Factsheet",
                        args.organisation,
                        publishing_principles=args.publishing_principles,
                        corrections_policy=args.corrections_policy,
                    )
                except ValueError as exc:
                    parser.error(f"--site-url: {exc}")
            written = pipeline.build(args.content, templates, args.out, published, cache.default_folder())
            print(f"wrote {len(written)} pages to {args.out}")
        elif args.command == "site":
            site = sites.build_site(args.config, args.site_dir, args.engine)
            print(f"built {site}")
        elif args.command == "cms-config":
            backend = cms.Backend(repo=args.repo, branch=args.branch, auth_url=args.auth_url)
            sys.stdout.write(pipeline.cms_config_text(backend, local=args.local))
        elif args.command == "cms-status":
            for line in pipeline.cms_status(args.label, args.sidecars):
                print(printable(line))
        elif args.command == "schema":
            for path in pipeline.write_schemas(args.dir):
                print(f"wrote {path}")
    except FactsheetError as exc:
        print(printable(str(exc), keep_newlines=True), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("factsheet: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
