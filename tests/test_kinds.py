"""Other tools' types read as our kinds: defaults, suggestions, the user's choices, and one finding per type."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mapping.formats import import_file, import_files
from mapping.kinds import KindChoices, parse_kind_pairs, settle_kinds, suggest_kind
from mapping.load import load_files
from mapping.read import InputFile, RawTable

REAL = Path(__file__).parent / "data" / "real"


@pytest.mark.parametrize(
    ("their", "role", "ours"),
    [
        ("Company", "actors", "business"),
        ("Investment Bank", "actors", "business"),
        ("Ministry of Finance", "actors", "government"),
        ("Political Party", "actors", "political"),
        ("NGO", "actors", "civil_society"),
        ("Catholic Church", "actors", "faith"),
        ("Radio station", "actors", "media"),
        ("Employee/Founder", "actors", "person"),
        ("bussiness", "actors", "business"),
        ("Funding", "relationships", "funds"),
        ("Board member", "relationships", "leads"),
        ("Investor", "relationships", "owns"),
    ],
)
def test_common_words_suggest_our_kinds(their: str, role: str, ours: str) -> None:
    assert suggest_kind(their, role) == ours


@pytest.mark.parametrize("their", ["Project", "Widget", "1", "Thing"])
def test_words_that_mean_nothing_to_us_suggest_nothing(their: str) -> None:
    assert suggest_kind(their, "actors") is None


def test_settling_keeps_our_kinds_and_their_types_and_warns_once_per_type() -> None:
    table = RawTable(
        "nodes",
        ("id", "type"),
        ((2, ("a", "business")), (3, ("b", "Investor")), (4, ("c", "Investor")), (5, ("d", "")), (6, ("e", "Gizmo"))),
    )
    settled, matches, issues = settle_kinds(table, "actors", KindChoices())
    assert settled.headers == ("id", "kind", "original type")
    assert [cells for _, cells in settled.rows] == [
        ("a", "business", ""),
        ("b", "business", "Investor"),
        ("c", "business", "Investor"),
        ("d", "other", ""),
        ("e", "other", "Gizmo"),
    ]
    assert [(m.their, m.count, m.kind, m.how) for m in matches] == [
        ("business", 1, "business", "ours"),
        ("Investor", 2, "business", "suggested"),
        ("", 1, "other", "default"),
        ("Gizmo", 1, "other", "default"),
    ]
    assert [i.row for i in issues] == [3, 4, 5, 6]  # grouped per type when loaded (see below)


def test_the_users_choice_wins_over_our_own_reading() -> None:
    table = RawTable("nodes", ("id", "kind"), ((2, ("a", "Partner")), (3, ("b", "Gizmo"))))
    choices = KindChoices(default_actor="civil_society", actors={"partner": "business"})
    settled, matches, issues = settle_kinds(table, "actors", choices)
    assert [cells[1] for _, cells in settled.rows] == ["business", "civil_society"]
    assert [m.how for m in matches] == ["chosen", "default"]
    assert len(issues) == 1  # a chosen kind needs no warning


def test_gephi_edge_table_type_column_is_the_direction_not_the_kind() -> None:
    actors = b"Id,Label\na,A\nb,B\nc,C\n"
    edges = b"Source,Target,Type,Id,Weight\na,b,Directed,0,1\nb,c,Undirected,1,1\n"
    result = load_files([InputFile("nodes.csv", actors), InputFile("edges.csv", edges)])
    assert result.ok, result.errors
    assert [(r.kind, r.direction) for r in result.map.relationships] == [("linked", "directed"), ("linked", "mutual")]


def test_a_file_whose_254_ties_have_no_kind_gives_one_finding_for_them() -> None:
    result = import_file(InputFile("miserables.json", (REAL / "d3" / "miserables.json").read_bytes()))
    assert result.ok, result.errors
    [ties] = [i for i in result.issues if i.code == "default-kind" and i.file.endswith("edges")]
    assert ties.count == 254 and ties.location.startswith("miserables.json, edges, rows 1-254 (254 rows)")


def test_the_users_kinds_reach_every_format() -> None:
    kumu = REAL / "kumu" / "paypal-mafia.xlsx"
    choices = KindChoices(ties={"Employee/Founder": "leads"}, default_actor="person")
    result = import_files([InputFile(kumu.name, kumu.read_bytes())], kinds=choices)
    assert result.ok, result.errors
    assert {r.kind for r in result.map.relationships} == {"leads", "owns"}
    by_type = {(m.role, m.their): (m.kind, m.how) for m in result.kinds}
    assert by_type[("relationships", "Employee/Founder")] == ("leads", "chosen")
    assert by_type[("relationships", "Investor")] == ("owns", "suggested")


def test_kind_pairs_name_what_cannot_be_used() -> None:
    chosen, problems = parse_kind_pairs(["Investor=Business", "Funding=funds", "Thing", "X=spaceship"])
    assert chosen == {"Investor": "business", "Funding": "funds"}
    assert len(problems) == 2 and "'Thing'" in problems[0] and "'X=spaceship'" in problems[1]


def mapping(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mapping", *args], capture_output=True, text=True, cwd=cwd)


def test_the_command_line_takes_kinds_one_by_one_or_from_a_file(tmp_path: Path) -> None:
    kumu = str(REAL / "kumu" / "paypal-mafia.xlsx")
    (tmp_path / "kinds.txt").write_text("# their type = our kind\nEmployee/Founder=leads\nInvestor,owns\n")
    run = mapping("import", kumu, "--output", "out", "--kinds", "kinds.txt", "--default-kind", "person", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Employee/Founder -> leads (chosen; 40 tie(s))" in run.stdout
    relationships = (tmp_path / "out" / "relationships.csv").read_text()
    assert ",linked," not in relationships and "Employee/Founder" in relationships  # their type kept
    wrong = mapping("import", kumu, "--output", "out", "--kind", "Investor=spaceship", cwd=tmp_path)
    assert wrong.returncode == 2 and "'Investor=spaceship'" in wrong.stderr and "Traceback" not in wrong.stderr
