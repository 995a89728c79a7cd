"""The analysis commands `mapping paths|rank|scenario`: exit codes, messages, and the JSON they print."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mapping.analysis.ranking import COMPONENTS
from mapping.cli import main
from tests.conftest import write_pair

ACTORS = """id,name,kind,stance,influence,integrity,neutrality,source
us,Our Network,prevention_network,champion,,,,own records
a,Alpha Chamber,association,supportive,4,4,4,annual report
b,Beta Bank,business,opposed,3,3,3,
c,Gamma Council,faith,neutral,2,,,press
t,Ministry of Interior,government,sceptical,5,2,2,gazette
"""

# us -> a -> t = 0.45; us -> b -> t = 0.36; us -> t = 0.3; c only opposes t.
RELATIONSHIPS = """source,target,kind,strength,direction,sign,confidence
us,a,partners_with,0.9,directed,,high
a,t,dialogue,0.5,directed,,low
us,b,funds,0.6,,,medium
b,t,influences,0.6,,,medium
us,t,advises,0.3,,,medium
us,c,partners_with,0.8,directed,,medium
c,t,opposes,0.9,,,medium
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "mapping", *args], capture_output=True, text=True, timeout=60)


def json_of(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    """Run the command in this process and parse what it printed."""
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def routes(tmp_path: Path) -> str:
    return str(write_pair(tmp_path / "routes", ACTORS, RELATIONSHIPS))


# --- exit codes, in child processes ------------------------------------------------

ROUTES, BROKEN, NOWHERE = "<routes map>", "<broken map>", "<no such folder>"

# (arguments, exit code, text expected on stdout for 0 and on stderr otherwise)
EXIT_CASES = [
    pytest.param(("paths", ROUTES, "--from", "us", "--to", "t"), 0, "Alpha Chamber", id="paths"),
    pytest.param(
        ("paths", ROUTES, "--from", "Our Network", "--to", "t", "--independent"), 0, "Beta Bank", id="by name"
    ),
    pytest.param(("rank", ROUTES, "--us", "us"), 0, "Alpha Chamber", id="rank"),
    pytest.param(("scenario", ROUTES, "--remove", "a", "--us", "us"), 0, "weakened", id="scenario"),
    pytest.param(
        ("paths", BROKEN, "--from", "us", "--to", "t"), 1, "actors.csv, row 7, column kind", id="paths, bad data"
    ),
    pytest.param(("rank", BROKEN), 1, "actors.csv, row 7, column kind", id="rank, bad data"),
    pytest.param(
        ("scenario", BROKEN, "--remove-kind", "faith"), 1, "relationships.csv, row 9", id="scenario, bad data"
    ),
    pytest.param(("rank", NOWHERE), 2, "does not exist", id="no map"),
    pytest.param(("paths", ROUTES, "--from", "Alpah Chamber", "--to", "t"), 2, "Alpha Chamber", id="unknown source"),
    pytest.param(
        ("paths", ROUTES, "--from", "us", "--to", "t", "--avoid", "Beta Bnak"), 2, "Beta Bank", id="unknown avoid"
    ),
    pytest.param(
        ("paths", ROUTES, "--from", "us", "--to", "t", "--avoid-kind", "martians"), 2, "'martians'", id="unknown kind"
    ),
    pytest.param(("rank", ROUTES, "--us", "Our Netwrk"), 2, "Our Network", id="unknown us"),
    pytest.param(("rank", ROUTES, "--targets", "Ministry of Interor"), 2, "Ministry of Interior", id="unknown target"),
    pytest.param(("rank", ROUTES, "--target-kind", "martians"), 2, "unknown actor kind", id="unknown target kind"),
    pytest.param(("rank", ROUTES, "--weights", "reach=lots"), 2, "needs a number", id="weight not a number"),
    pytest.param(
        ("rank", ROUTES, "--weights", "charisma=1"), 2, "unknown component 'charisma'", id="unknown component"
    ),
    pytest.param(("rank", ROUTES, "--weights", "reach=-1"), 2, "cannot be negative", id="negative weight"),
    pytest.param(("scenario", ROUTES, "--us", "us"), 2, "say what changes", id="no change"),
    pytest.param(("scenario", ROUTES, "--remove", "Gama Council"), 2, "Gamma Council", id="unknown removed actor"),
    pytest.param(("scenario", ROUTES, "--remove-kind", "martians"), 2, "unknown actor kind", id="unknown removed kind"),
    pytest.param(("scenario", ROUTES, "--weaken-kind", "faith=2"), 2, "above 0 and at most 1", id="factor too large"),
    pytest.param(("scenario", ROUTES, "--weaken-kind", "faith"), 2, "needs a factor", id="factor missing"),
]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """Every exit-code case, run once as a user would; in parallel, since each child takes a second to start."""
    folder = tmp_path_factory.mktemp("cli")
    maps = {
        ROUTES: str(write_pair(folder / "routes", ACTORS, RELATIONSHIPS)),
        BROKEN: str(
            write_pair(folder / "broken", ACTORS + "x,X,Compnay,,,,,\n", RELATIONSHIPS + "x,nobody,funds,,,,\n")
        ),
        NOWHERE: str(folder / "nowhere"),
    }
    cases = [case.values[0] for case in EXIT_CASES]
    with ThreadPoolExecutor(max_workers=8) as pool:
        done = pool.map(lambda args: run(*(maps.get(arg, arg) for arg in args)), cases)
        return dict(zip(cases, done, strict=True))


@pytest.mark.parametrize(("args", "code", "expected"), EXIT_CASES)
def test_exit_codes_and_messages_without_a_traceback(
    outcomes: dict[tuple[str, ...], subprocess.CompletedProcess[str]], args: tuple[str, ...], code: int, expected: str
) -> None:
    done = outcomes[args]
    assert done.returncode == code, done.stderr
    assert expected in (done.stdout if code == 0 else done.stderr)
    assert "Traceback" not in done.stdout + done.stderr


# --- JSON content, in this process -------------------------------------------------


def test_paths_json_lists_paths_strongest_first(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    paths = json_of(capsys, "paths", routes, "--from", "us", "--to", "t")
    assert [p["strength"] for p in paths] == pytest.approx([0.45, 0.36, 0.3])
    first = paths[0]
    assert [(s["id"], s["name"], s["tie_kind"]) for s in first["steps"]] == [
        ("us", "Our Network", None),
        ("a", "Alpha Chamber", "partners_with"),
        ("t", "Ministry of Interior", "dialogue"),
    ]
    assert first["brokers"] == [{"id": "a", "name": "Alpha Chamber"}]
    assert paths[2]["brokers"] == []
    assert all("c" not in [s["id"] for s in p["steps"]] for p in paths)


@pytest.mark.parametrize(
    ("options", "routes_found"),
    [
        (("-k", "1"), [["us", "a", "t"]]),
        (("--avoid", "Alpha Chamber"), [["us", "b", "t"], ["us", "t"]]),
        (("--avoid-kind", "business"), [["us", "a", "t"], ["us", "t"]]),
        (("--avoid-opposed",), [["us", "a", "t"], ["us", "t"]]),
        (("--max-hops", "1"), [["us", "t"]]),
        (("--verified-only",), [["us", "t"]]),
        # high 0.9 x low 0.2 = 0.18 < medium 0.21 direct
        (("--confidence-weighted", "-k", "1"), [["us", "t"]]),
    ],
)
def test_paths_options(
    routes: str, capsys: pytest.CaptureFixture[str], options: tuple[str, ...], routes_found: list[list[str]]
) -> None:
    paths = json_of(capsys, "paths", routes, "--from", "us", "--to", "t", *options)
    assert [[s["id"] for s in p["steps"]] for p in paths] == routes_found


def test_paths_without_a_route_is_an_empty_list(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert json_of(capsys, "paths", routes, "--from", "t", "--to", "us") == []


def test_rank_json_rows_have_every_component_a_reason_and_flags(
    routes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = json_of(capsys, "rank", routes, "--us", "us")
    rows = payload["ranked"]
    assert {row["id"] for row in rows} == {"a", "b", "c"}, "the target is a decision-maker, not a channel"
    assert [d["id"] for d in payload["decision_makers"]] == ["t"]
    for row in rows:
        assert {"id", "name", "score", "reason", "flags", *COMPONENTS} <= set(row)
        assert row["reason"]
        assert 0 <= row["score"] <= 1
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["id"] == "a"
    assert payload["us"] == ["us"]
    assert payload["targets"] == ["t"]
    by_id = {row["id"]: row for row in rows}
    assert any("no source" in flag for flag in by_id["b"]["flags"])


def test_rank_without_us_has_no_accessibility_and_says_so(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "rank", routes)
    assert all("accessibility" not in row for row in payload["ranked"])
    assert "accessibility" not in payload["weights"]
    assert any("accessibility" in note for note in payload["notes"])


def test_rank_weights_and_top(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "rank", routes, "--us", "us", "--weights", "alignment=1,trust=0", "--top", "2")
    assert payload["weights"]["alignment"] == 1.0
    assert "trust" not in payload["weights"]
    assert len(payload["ranked"]) == 2


def test_rank_people_ranks_leaders_through_their_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = ACTORS + '"chair","Chair, Alpha Chamber",person,champion,,,,press\n'
    folder = str(write_pair(tmp_path / "people", actors, RELATIONSHIPS + "chair,a,leads,,,,high\n"))
    payload = json_of(capsys, "rank", folder, "--people")
    (chair,) = payload["ranked"]
    assert chair["id"] == "chair"
    assert chair["score"] > 0
    assert "Alpha Chamber" in chair["reason"]


def test_rank_people_json_names_the_organisation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actors = ACTORS + '"chair","Chair, Alpha Chamber",person,champion,,,,press\n'
    folder = str(write_pair(tmp_path / "people", actors, RELATIONSHIPS + "chair,a,leads,,,,high\n"))
    (chair,) = json_of(capsys, "rank", folder, "--people")["ranked"]
    assert (chair["organisation"], chair["seniority"]) == ("a", None)
    assert {"organisation_component", "seniority_component", "own_ties_component"} <= set(chair)


def test_scenario_json_has_rank_changes_paths_and_new_critical_brokers(
    routes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = json_of(capsys, "scenario", routes, "--remove", "Alpha Chamber", "--us", "us")
    assert payload["scenario"]["remove_actors"] == ["a"]
    changes = {row["id"]: row for row in payload["rank_changes"]}
    assert changes["a"]["scenario_rank"] is None
    assert changes["b"]["base_rank"] > changes["b"]["scenario_rank"]
    (path,) = payload["paths"]
    assert (path["source"], path["target"], path["status"]) == ("us", "t", "weakened")
    assert path["before"]["strength"] == pytest.approx(0.45)
    assert path["after"]["strength"] == pytest.approx(0.36)
    # Without Alpha Chamber, losing Beta Bank costs 0.36 - 0.30: not critical. Nothing new.
    assert payload["new_critical_brokers"] == []


def test_scenario_names_new_critical_brokers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two routes and no direct tie: losing Alpha Chamber costs little while Beta Bank stands, everything without it.
    two_routes = "\n".join(line for line in RELATIONSHIPS.splitlines() if not line.startswith("us,t,")) + "\n"
    folder = str(write_pair(tmp_path / "two_routes", ACTORS, two_routes))
    payload = json_of(capsys, "scenario", folder, "--remove", "Beta Bank", "--us", "us", "--targets", "t")
    assert payload["new_critical_brokers"] == [{"source": "us", "target": "t", "brokers": ["a"]}]
    assert payload["paths"][0]["status"] == "unchanged"


def test_scenario_preset_removes_the_kinds(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "scenario", routes, "--preset", "civil_society_and_faith_lose_standing", "--us", "us")
    assert payload["scenario"]["remove_kinds"] == ["civil_society", "faith"]
    assert {row["id"] for row in payload["rank_changes"] if row["scenario_rank"] is None} == {"c"}


def test_scenario_weakened_kind_weakens_the_route(routes: str, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json_of(capsys, "scenario", routes, "--weaken-kind", "association=0.5", "--us", "us")
    assert payload["scenario"]["weaken_kinds"] == {"association": 0.5}
    (path,) = payload["paths"]
    # us -> a -> t becomes 0.45 x 0.5 x 0.5 = 0.1125: the bank's 0.36 is now the best route.
    assert path["status"] == "weakened"
    assert [s["id"] for s in path["after"]["steps"]] == ["us", "b", "t"]
