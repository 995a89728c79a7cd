"""The `mapping` command line: the same checks and analyses as the app, for scripts and CI.

Exit codes: 0 success, 1 the data has errors, 2 the command was used wrongly
(unknown option, a path that does not exist, a file type we cannot read).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence

from mapping.dictionary import write_templates
from mapping.issues import ValidationIssue
from mapping.load import LoadResult, load_paths

__all__ = ["main"]

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE = 0, 1, 2
USAGE_CODES = frozenset({"file-not-found", "unsupported-file"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mapping",
        description="Stakeholder mapping for atrocity prevention.",
        epilog="PATH is a folder holding actors.csv and relationships.csv, the two files, or one .xlsx workbook.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check files against the data contract")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="folder, two CSV files or one .xlsx workbook")
    validate.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    validate.set_defaults(run=_run_validate)

    templates = commands.add_parser("templates", help="write blank templates and the data dictionary")
    templates.add_argument("folder", metavar="DIR", help="folder to write into (created if needed)")
    templates.set_defaults(run=_run_templates)
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    result = load_paths(args.paths)
    usage_problems = [i for i in result.issues if i.code in USAGE_CODES]
    if usage_problems:
        for issue in usage_problems:
            print(f"mapping validate: {issue.message}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps([issue.as_dict() for issue in result.issues], indent=2, ensure_ascii=False))
    else:
        print(human_report(result, ", ".join(args.paths)))
    return EXIT_OK if result.ok else EXIT_DATA_ERRORS


def human_report(result: LoadResult, label: str) -> str:
    """A summary line and a readable table of every issue, errors first."""
    errors, warnings = len(result.errors), len(result.warnings)
    if result.map is not None:
        smap = result.map
        head = f"{label}: valid. {len(smap)} actors, {len(smap.relationships)} relationships"
        head += f" ({len(smap.relationships) - len(smap.explicit_relationships)} implied by parent)."
    else:
        head = f"{label}: {errors} error(s) found; fix them and run again."
    if warnings:
        head += f" {warnings} warning(s)."
    return "\n".join([head, *(_issue_lines(issue) for issue in result.issues)])


def _issue_lines(issue: ValidationIssue) -> str:
    width = max(60, shutil.get_terminal_size((100, 20)).columns - 4)
    where = issue.location
    body = textwrap.fill(issue.message, width=width, initial_indent="    ", subsequent_indent="    ")
    return f"\n{issue.severity.upper()} [{issue.code}] {where}\n{body}"


def _run_templates(args: argparse.Namespace) -> int:
    for path in write_templates(args.folder):
        print(path)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
