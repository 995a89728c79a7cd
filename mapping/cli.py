"""The `mapping` command line: the same checks and analyses as the app, for scripts and CI.

Exit codes: 0 success, 1 the data has errors, 2 the command was used wrongly
(unknown option, a path that does not exist, a file type we cannot read).

Each command imports what it uses when it runs, and only the command asked for
gets its options defined (they may need a module to list their choices): so
`mapping --help` and `mapping validate` on CSV files never load the analysis,
spreadsheet or graph libraries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mapping.analysis.influence import InfluenceOptions
    from mapping.analysis.ranking import RankingQuery
    from mapping.analysis.scenarios import ScenarioComparison
    from mapping.issues import ValidationIssue
    from mapping.kinds import KindChoices, KindMatch
    from mapping.load import LoadResult
    from mapping.model import StakeholderMap

__all__ = ["main"]

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE = 0, 1, 2
USAGE_CODES = frozenset({"file-not-found", "unsupported-file"})
PATH_HELP = "folder, two CSV files or one .xlsx workbook"


@dataclass(frozen=True)
class Command:
    """A subcommand: its one-line help, and the function adding its arguments (and what it runs)."""

    help: str
    define: Callable[[argparse.ArgumentParser], None]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = arguments[0] if arguments and arguments[0] in COMMANDS else None
    args = _parser(chosen).parse_args(arguments)
    return args.run(args)


def _parser(chosen: str | None) -> argparse.ArgumentParser:
    """Every command with its help line; the options of the chosen one only."""
    parser = argparse.ArgumentParser(
        prog="mapping",
        description="Stakeholder mapping for atrocity prevention.",
        epilog=f"PATH is a {PATH_HELP.replace(', two', ', the two')}. 'mapping COMMAND --help' lists its options.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        subparser = commands.add_parser(name, help=command.help, description=command.help)
        if name == chosen:
            command.define(subparser)
    return parser


class UsageError(Exception):
    """The command was used wrongly: a message for the user, exit code 2."""


# --- validate -----------------------------------------------------------------------------


def _define_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=PATH_HELP)
    parser.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    parser.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from mapping.load import load_paths

    result = load_paths(args.paths)
    if _usage_problems(args.command, result.issues):
        return EXIT_USAGE
    if args.json:
        print(json.dumps([issue.as_dict() for issue in result.issues], indent=2, ensure_ascii=False))
    else:
        print(human_report(result, ", ".join(args.paths)))
    return EXIT_OK if result.ok else EXIT_DATA_ERRORS


def _usage_problems(command: str, issues: Sequence[ValidationIssue]) -> bool:
    """Print the findings that mean the command was used wrongly (a missing path, a file we cannot read)."""
    problems = [issue for issue in issues if issue.code in USAGE_CODES]
    for issue in problems:
        print(f"mapping {command}: {issue.message}", file=sys.stderr)
    return bool(problems)


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
    import shutil

    width = max(60, shutil.get_terminal_size((100, 20)).columns - 4)
    body = textwrap.fill(issue.message, width=width, initial_indent="    ", subsequent_indent="    ")
    return f"\n{issue.severity.upper()} [{issue.code}] {issue.location}\n{body}"


# --- the analyses -------------------------------------------------------------------------


def _define_paths(parser: argparse.ArgumentParser) -> None:
    _add_map_arguments(parser)
    parser.add_argument("--from", dest="source", required=True, metavar="A", help="actor id or name to start from")
    parser.add_argument("--to", dest="target", required=True, metavar="B", help="actor id or name to reach")
    parser.add_argument("-k", type=_positive_int, default=3, help="how many paths (default 3)")
    parser.add_argument("--avoid", type=_csv_list, default=[], metavar="X,Y", help="actors the paths must not pass")
    parser.add_argument("--avoid-kind", type=_csv_list, default=[], metavar="KIND,...", help="kinds to avoid")
    parser.add_argument("--avoid-opposed", action="store_true", help="avoid actors whose stance is opposed")
    parser.add_argument("--independent", action="store_true", help="paths that share no intermediary")
    parser.add_argument("--max-hops", type=_positive_int, default=None, metavar="N", help="longest path allowed")
    _add_influence_arguments(parser)
    parser.set_defaults(run=_analysis(_run_paths))


def _define_rank(parser: argparse.ArgumentParser) -> None:
    _add_map_arguments(parser)
    _add_ranking_arguments(parser)
    parser.add_argument("--people", action="store_true", help="rank people (leaders) instead of organisations")
    parser.add_argument(
        "--robust",
        type=_positive_int,
        default=None,
        metavar="N",
        help="also re-rank N times on strengths and ratings drawn within their uncertainty: rank ranges (JSON)",
    )
    parser.add_argument("--top", type=_positive_int, default=None, metavar="N", help="show the first N only")
    parser.set_defaults(run=_analysis(_run_rank))


def _define_scenario(parser: argparse.ArgumentParser) -> None:
    from mapping.analysis.scenarios import PRESET_SCENARIOS

    _add_map_arguments(parser)
    parser.add_argument("--remove", type=_csv_list, default=[], metavar="X,Y", help="actors to remove")
    parser.add_argument("--remove-kind", type=_csv_list, default=[], metavar="KIND,...", help="kinds to remove")
    parser.add_argument(
        "--weaken-kind", type=_csv_list, default=[], metavar="KIND=F,...", help="multiply a kind's ties by F"
    )
    parser.add_argument("--preset", choices=sorted(PRESET_SCENARIOS), help="a ready-made scenario")
    _add_ranking_arguments(parser)
    parser.add_argument("--top", type=_positive_int, default=15, metavar="N", help="rank changes shown (15)")
    parser.set_defaults(run=_analysis(_run_scenario))


def _add_map_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=PATH_HELP)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _add_influence_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--confidence-weighted", action="store_true", help="weight ties by their confidence")
    parser.add_argument(
        "--verified-only", action="store_true", help="drop low-confidence ties and actors without a source"
    )
    _add_as_of(parser, "only the actors and ties in force that day")


def _add_ranking_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--us", type=_csv_list, default=[], metavar="A,...", help="our own organisation(s)")
    parser.add_argument("--targets", type=_csv_list, default=[], metavar="B,...", help="decision-makers to reach")
    parser.add_argument("--target-kind", type=_csv_list, default=[], metavar="KIND,...", help="kinds to reach")
    parser.add_argument(
        "--weights", type=_weights, default={}, metavar="reach=0.3,...", help="component weights (others default)"
    )
    parser.add_argument(
        "--units-separately", action="store_true", help="rank units and campaigns apart from their parent"
    )
    _add_influence_arguments(parser)


def _add_as_of(parser: argparse.ArgumentParser, what: str) -> None:
    """`--as-of YYYY[-MM[-DD]]`, the same for the analyses and the export."""
    parser.add_argument(
        "--as-of",
        type=_day,
        default=None,
        metavar="YYYY[-MM[-DD]]",
        help=f"{what} (a year or month: its first day); default: all of the map",
    )


def _day(text: str) -> dt.date:
    """The day an `--as-of` names: a partial date's first day."""
    from mapping.values import parse_partial_date

    try:
        return parse_partial_date(text).start
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2008, 2008-02 or 2008-02-01 ({err})") from None


def _csv_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _weights(text: str) -> dict[str, float]:
    from mapping.analysis.ranking import COMPONENTS

    weights = {}
    for item in _csv_list(text):
        name, _, value = item.partition("=")
        if name.strip() not in COMPONENTS:
            raise argparse.ArgumentTypeError(f"unknown component '{name}'; use: {', '.join(COMPONENTS)}")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{item}' needs a number, like reach=0.3") from None
        if weights[name.strip()] < 0:
            raise argparse.ArgumentTypeError(f"'{item}': weights cannot be negative")
    return weights


def _kind_factors(items: list[str]) -> dict[str, float]:
    factors = {}
    for item in items:
        kind, _, value = item.partition("=")
        try:
            factors[kind.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--weaken-kind '{item}' needs a factor, like civil_society=0.3") from None
        if not 0 < factors[kind.strip()] <= 1:
            raise UsageError(f"--weaken-kind '{item}': the factor must be above 0 and at most 1")
    _check_kinds(list(factors))
    return factors


def _check_kinds(kinds: list[str]) -> None:
    from mapping.schema import ACTOR_KINDS

    known = {kind.name for kind in ACTOR_KINDS}
    for kind in kinds:
        if kind not in known:
            raise UsageError(f"unknown actor kind '{kind}'; use one of: {', '.join(sorted(known))}")


def _load_for_analysis(args: argparse.Namespace) -> StakeholderMap | int:
    """The map, or an exit code after printing why it could not be loaded."""
    from mapping.load import load_paths

    result = load_paths(args.paths)
    if _usage_problems(args.command, result.issues):
        return EXIT_USAGE
    if result.map is None:
        print(human_report(result, ", ".join(args.paths)), file=sys.stderr)
        return EXIT_DATA_ERRORS
    return result.map


def _influence_options(args: argparse.Namespace) -> InfluenceOptions:
    from mapping.analysis.influence import InfluenceOptions

    return InfluenceOptions(
        weight_by_confidence=args.confidence_weighted, verified_only=args.verified_only, as_of=args.as_of
    )


def _ranking_query(smap: StakeholderMap, args: argparse.Namespace) -> RankingQuery:
    from mapping.analysis.ranking import DEFAULT_WEIGHTS, RankingQuery

    _check_kinds(args.target_kind)
    for reference in (*args.us, *args.targets):
        smap.resolve(reference)
    return RankingQuery(
        us=tuple(args.us),
        targets=tuple(args.targets),
        target_kinds=tuple(args.target_kind),
        weights={**DEFAULT_WEIGHTS, **args.weights},
        influence=_influence_options(args),
        fold_units=not args.units_separately,
    )


def _analysis(run: Callable[[StakeholderMap, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Load the map, run the analysis, and turn user mistakes into exit code 2 with a message."""

    def wrapped(args: argparse.Namespace) -> int:
        from mapping.model import UnknownActorError

        loaded = _load_for_analysis(args)
        if isinstance(loaded, int):
            return loaded
        try:
            return run(loaded, args)
        except (UnknownActorError, UsageError) as err:
            print(f"mapping {args.command}: {err}", file=sys.stderr)
            return EXIT_USAGE

    return wrapped


def _run_paths(smap: StakeholderMap, args: argparse.Namespace) -> int:
    from mapping.analysis.paths import PathQuery, strongest_paths

    _check_kinds(args.avoid_kind)
    query = PathQuery(
        k=args.k,
        avoid=frozenset(smap.resolve(ref).id for ref in args.avoid),
        avoid_kinds=frozenset(args.avoid_kind),
        avoid_opposed=args.avoid_opposed,
        independent=args.independent,
        max_hops=args.max_hops,
        influence=_influence_options(args),
    )
    found = strongest_paths(smap, args.source, args.target, query)
    if args.json:
        print(json.dumps([path.as_dict() for path in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    source, target = smap.resolve(args.source), smap.resolve(args.target)
    if not found:
        print(f"No positive route from {source.name} to {target.name} with these options.")
    for number, path in enumerate(found, start=1):
        brokers = ", ".join(path.broker_names) or "none (a direct tie)"
        print(f"{number}. strength {path.strength:.3f}, {path.hops} hop(s); brokers: {brokers}")
        print(textwrap.indent(path.describe(), "   "))
    return EXIT_OK


def _run_rank(smap: StakeholderMap, args: argparse.Namespace) -> int:
    from mapping.analysis.leaders import rank_leaders
    from mapping.analysis.ranking import map_measures, rank_actors

    query = _ranking_query(smap, args)
    measures = map_measures(smap, query.influence, query.fold_units)
    ranking = rank_actors(smap, query, measures)
    rows = rank_leaders(smap, ranking, measures.network) if args.people else ranking.actors
    rows = rows[: args.top] if args.top else rows
    robust = None
    if args.robust and not args.people:
        from mapping.analysis.robustness import rank_ranges

        robust = rank_ranges(smap, query, runs=args.robust, measures=measures)
    if args.json:
        payload = {
            "weights": ranking.weights,
            "us": list(ranking.us),
            "targets": list(ranking.targets),
            "notes": list(ranking.notes),
            "ranked": [row.as_dict() for row in rows],
            "decision_makers": [maker.as_dict() for maker in ranking.decision_makers],
            "not_connected": list(ranking.not_connected),
            "as_of": query.influence.as_of.isoformat() if query.influence.as_of else None,
        }
        if robust is not None:
            payload["robustness"] = robust.as_dict()
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    for note in ranking.notes:
        print(f"Note: {note}")
    print("Weights: " + ", ".join(f"{c}={w:g}" for c, w in ranking.weights.items()))
    ranges = robust.by_id() if robust is not None else {}
    for row in rows:
        spread = f"  {ranges[row.id].describe()}" if row.id in ranges else ""
        print(f"{row.rank:>3}. {row.score:.3f}  {row.name}{spread}")
        print(textwrap.indent(textwrap.fill(row.reason, 96), "        "))
    if robust is not None:
        print("\n" + textwrap.fill(robust.summary, 100))
    if ranking.decision_makers:
        print("\nDecision-makers (targets):")
    for maker in ranking.decision_makers:
        reached = f"we reach it at {maker.access:.2f}" if maker.access is not None else "no 'us' chosen"
        print(f"  {maker.name}: {reached}; {maker.reached_by} channel(s) reach it")
    return EXIT_OK


def _run_scenario(smap: StakeholderMap, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from mapping.analysis.scenarios import PRESET_SCENARIOS, Scenario, compare_scenario

    _check_kinds(args.remove_kind)
    preset = PRESET_SCENARIOS[args.preset] if args.preset else Scenario(name="Custom scenario")
    scenario = replace(
        preset,
        remove_actors=preset.remove_actors | {smap.resolve(ref).id for ref in args.remove},
        remove_kinds=preset.remove_kinds | frozenset(args.remove_kind),
        weaken_kinds={**preset.weaken_kinds, **_kind_factors(args.weaken_kind)},
    )
    if not (scenario.remove_actors or scenario.remove_kinds or scenario.weaken_kinds):
        raise UsageError("say what changes: --remove, --remove-kind, --weaken-kind or --preset")
    comparison = compare_scenario(smap, scenario, _ranking_query(smap, args))
    if args.json:
        print(json.dumps(scenario_payload(comparison, args.top), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(scenario.name + (f": {scenario.description}" if scenario.description else ""))
    print("\nRank changes (base -> scenario):")
    for change in comparison.ranks[: args.top]:
        after = "removed" if change.scenario_rank is None else str(change.scenario_rank)
        before = "new" if change.base_rank is None else str(change.base_rank)
        print(f"  {before:>3} -> {after:>7}  {change.name}")
    if comparison.paths:
        print("\nRoutes from us to the targets:")
    for change in comparison.paths:
        before = f"{change.before.strength:.3f}" if change.before else "none"
        after = f"{change.after.strength:.3f}" if change.after else "none"
        print(f"  {smap.actor(change.target).name}: {change.status} ({before} -> {after})")
    for (source, target), brokers in comparison.new_critical_brokers.items():
        names = ", ".join(smap.actor(b).name for b in brokers)
        print(f"\nNew critical brokers from {smap.actor(source).name} to {smap.actor(target).name}: {names}")
    return EXIT_OK


def scenario_payload(comparison: ScenarioComparison, top: int) -> dict[str, object]:
    """The JSON shape of `mapping scenario --json`."""
    scenario = comparison.scenario
    return {
        "scenario": {
            "name": scenario.name,
            "remove_actors": sorted(scenario.remove_actors),
            "remove_kinds": sorted(scenario.remove_kinds),
            "weaken_kinds": dict(scenario.weaken_kinds),
        },
        "rank_changes": [
            {
                "id": c.id,
                "name": c.name,
                "base_rank": c.base_rank,
                "scenario_rank": c.scenario_rank,
                "base_score": round(c.base_score, 6),
                "scenario_score": round(c.scenario_score, 6),
            }
            for c in comparison.ranks[:top]
        ],
        "paths": [
            {
                "source": c.source,
                "target": c.target,
                "status": c.status,
                "before": c.before.as_dict() if c.before else None,
                "after": c.after.as_dict() if c.after else None,
            }
            for c in comparison.paths
        ],
        "new_critical_brokers": [
            {"source": s, "target": t, "brokers": list(b)} for (s, t), b in comparison.new_critical_brokers.items()
        ],
    }


# --- other tools' formats ------------------------------------------------------------------


def _define_import(parser: argparse.ArgumentParser) -> None:
    from mapping.formats.convert import IMPORT_FORMATS

    parser.add_argument("files", nargs="+", metavar="FILE", help="the file (Kumu: a workbook, or its CSV files)")
    parser.add_argument("--format", choices=list(IMPORT_FORMATS), help="the file's format (default: guessed)")
    parser.add_argument("--output", required=True, metavar="DIR", help="folder for actors.csv and relationships.csv")
    parser.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    parser.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="THEIRS=OURS",
        help='read another tool\'s type as one of our kinds, e.g. --kind "Investor=business" (repeatable)',
    )
    parser.add_argument("--kinds", metavar="FILE", help="a file of THEIRS=OURS lines (or two CSV columns), as --kind")
    parser.add_argument(
        "--default-kind", default="other", metavar="KIND", help="for actors with no kind we know (default: other)"
    )
    parser.add_argument(
        "--default-tie-kind", default="linked", metavar="KIND", help="for ties with no kind we know (default: linked)"
    )
    parser.set_defaults(run=_run_import)


def _kind_choices(args: argparse.Namespace) -> KindChoices:
    """The kinds the command line chose (--kind, --kinds, --default-kind); UsageError when one is not ours."""
    from mapping.kinds import KindChoices, parse_kind_pairs
    from mapping.schema import ACTOR_KINDS, RELATIONSHIP_KINDS

    pairs = list(args.kind)
    if args.kinds:
        try:
            text = Path(args.kinds).read_text(encoding="utf-8-sig")
        except OSError as err:
            raise UsageError(f"cannot read {args.kinds} ({err.strerror or err})") from err
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        pairs += [line if "=" in line else line.replace(",", "=", 1) for line in lines]
    chosen, problems = parse_kind_pairs(pairs)
    actor_kinds = {kind.name for kind in ACTOR_KINDS}
    tie_kinds = {kind.name for kind in RELATIONSHIP_KINDS}
    if args.default_kind not in actor_kinds:
        problems.append(f"--default-kind '{args.default_kind}' is not an actor kind: {', '.join(sorted(actor_kinds))}.")
    if args.default_tie_kind not in tie_kinds:
        problems.append(
            f"--default-tie-kind '{args.default_tie_kind}' is not a tie kind: {', '.join(sorted(tie_kinds))}."
        )
    if problems:
        raise UsageError(" ".join(problems))
    return KindChoices(
        default_actor=args.default_kind,
        default_tie=args.default_tie_kind,
        actors={theirs: ours for theirs, ours in chosen.items() if ours in actor_kinds},
        ties={theirs: ours for theirs, ours in chosen.items() if ours in tie_kinds},
    )


def kinds_report(matches: Sequence[KindMatch]) -> str:
    """The types a file gave that are not ours, and the kind each became: what to check after an import."""
    lines = [
        f"  {match.their or '(no kind)'} -> {match.kind} ({match.how}; {match.count} {_ROLE_WORDS[match.role]})"
        for match in matches
        if match.how != "ours"
    ]
    return "\n".join(["Their types read as our kinds (change with --kind THEIRS=OURS):", *lines]) if lines else ""


_ROLE_WORDS = {"actors": "actor(s)", "relationships": "tie(s)"}


def _run_import(args: argparse.Namespace) -> int:
    from mapping.export import write_csv_pair
    from mapping.formats.convert import import_files
    from mapping.load import LoadResult, files_from_paths

    try:
        kinds = _kind_choices(args)
    except UsageError as err:
        print(f"mapping import: {err}", file=sys.stderr)
        return EXIT_USAGE
    files, problems = files_from_paths(args.files)
    result = LoadResult(None, tuple(problems)) if problems else import_files(files, args.format, kinds=kinds)
    if _usage_problems(args.command, result.issues):
        return EXIT_USAGE
    if args.json:
        print(json.dumps([issue.as_dict() for issue in result.issues], indent=2, ensure_ascii=False))
    else:
        print(human_report(result, ", ".join(args.files)))
        if report := kinds_report(result.kinds):
            print("\n" + report)
    if result.map is None:
        return EXIT_DATA_ERRORS
    try:
        written = write_csv_pair(result.map, args.output)
    except OSError as err:
        print(f"mapping import: cannot write into {args.output} ({err.strerror or err})", file=sys.stderr)
        return EXIT_USAGE
    print("Wrote " + " and ".join(str(path) for path in written), file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def _define_export(parser: argparse.ArgumentParser) -> None:
    from mapping.formats.convert import EXPORT_FORMATS

    parser.add_argument("paths", nargs="+", metavar="PATH", help=PATH_HELP)
    parser.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="the format to write")
    parser.add_argument("--output", required=True, metavar="FILE", help="the file to write (csv: a folder)")
    parser.add_argument("--redact", action="store_true", help="hide people's names, as the app's download switch does")
    _add_as_of(parser, "write only the actors and ties in force that day")
    parser.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from mapping.formats.convert import export_files
    from mapping.formats.picture import PictureUnavailableError

    loaded = _load_for_analysis(args)
    if isinstance(loaded, int):
        return loaded
    output = Path(args.output)
    leaving = loaded.as_of(args.as_of) if args.as_of else loaded
    try:
        export = export_files(leaving, args.format, redact=args.redact)
        for finding in export.findings:
            print(f"mapping export: check {finding.location}: {finding.message}", file=sys.stderr)
        folder = output if args.format == "csv" else output.parent
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / name for name in export.files] if args.format == "csv" else [output]
        for path, data in zip(paths, export.files.values(), strict=True):
            path.write_bytes(data)
    except PictureUnavailableError as err:
        print(f"mapping export: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"mapping export: cannot write {output} ({err.strerror or err})", file=sys.stderr)
        return EXIT_USAGE
    print("Wrote " + " and ".join(str(path) for path in paths))
    return EXIT_OK


# --- set-up --------------------------------------------------------------------------------


def _define_hash_password(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("user", help="the user name the line is for")
    parser.set_defaults(run=_run_hash_password)


def _run_hash_password(args: argparse.Namespace) -> int:
    """Ask for a password twice (never on the command line) and print the secrets line."""
    import getpass

    from mapping.auth import hash_password

    first = getpass.getpass(f"Password for {args.user}: ")
    if not first or first != getpass.getpass("Again: "):
        print("mapping hash-password: the two passwords are empty or differ; nothing printed.", file=sys.stderr)
        return EXIT_USAGE
    print(f'{json.dumps(args.user)} = "{hash_password(first)}"')
    return EXIT_OK


def _define_templates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="folder to write into (created if needed)")
    parser.set_defaults(run=_run_templates)


def _run_templates(args: argparse.Namespace) -> int:
    from mapping.dictionary import write_templates

    for path in write_templates(args.folder):
        print(path)
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "validate": Command("check files against the data contract", _define_validate),
    "paths": Command("the strongest influence paths from one actor to another", _define_paths),
    "rank": Command("rank organisations (or people) to engage", _define_rank),
    "scenario": Command("compare the map with actors or kinds removed or weakened", _define_scenario),
    "import": Command(
        "read a Kumu, FollowTheMoney, GEXF, GraphML or node-link JSON file into our two CSV files", _define_import
    ),
    "export": Command("write a map for Kumu, Gephi, yEd or networkx, or as a picture", _define_export),
    "hash-password": Command("hash a password for [passwords] in Streamlit secrets", _define_hash_password),
    "templates": Command("write blank templates and the data dictionary", _define_templates),
}


if __name__ == "__main__":
    sys.exit(main())
