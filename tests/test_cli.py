"""The `mapping validate` command: same findings as the app, exit codes, JSON, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapping.cli import main
from mapping.load import load_paths
from tests.conftest import SMALL_ACTORS, SMALL_RELATIONSHIPS, write_pair


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "mapping", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def valid_folder(tmp_path: Path) -> Path:
    return write_pair(tmp_path / "valid", SMALL_ACTORS, SMALL_RELATIONSHIPS)


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    actors = SMALL_ACTORS + "x,X,Compnay,,,,9,,,,,\n"
    return write_pair(tmp_path / "broken", actors, SMALL_RELATIONSHIPS + "x,nobody,funds,,,,,,\n")


def test_valid_folder_exits_zero_with_a_summary(valid_folder: Path) -> None:
    done = run("validate", str(valid_folder))
    assert done.returncode == 0
    assert "valid. 10 actors, 10 relationships (2 implied by parent)" in done.stdout


def test_errors_exit_one_and_name_row_and_column(broken_folder: Path) -> None:
    done = run("validate", str(broken_folder))
    assert done.returncode == 1
    assert "actors.csv, row 12, column kind" in done.stdout
    assert "relationships.csv, row 10, column target" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_json_lists_the_same_findings_as_the_loader(broken_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(broken_folder)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings == [issue.as_dict() for issue in load_paths([broken_folder]).issues]
    assert {"file", "row", "column", "code", "message"} <= set(findings[0])
    assert ("actors.csv", 12, "influence", "out-of-range") in {
        (f["file"], f["row"], f["column"], f["code"]) for f in findings
    }


def test_json_of_a_valid_map_is_an_empty_list(valid_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(valid_folder)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_two_files_and_a_workbook_are_accepted(valid_folder: Path, tmp_path: Path) -> None:
    from mapping.export import workbook_bytes

    assert run("validate", str(valid_folder / "actors.csv"), str(valid_folder / "relationships.csv")).returncode == 0
    book = tmp_path / "map.xlsx"
    book.write_bytes(workbook_bytes(load_paths([valid_folder]).map))
    assert run("validate", str(book)).returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "/no/such/folder"),
        ("validate", "--bogus", "x"),
        ("frobnicate",),
    ],
    ids=["no path", "missing path", "unknown option", "unknown command"],
)
def test_usage_errors_exit_two_without_a_traceback(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


def test_unsupported_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "map.pdf").write_bytes(b"%PDF")
    done = run("validate", str(tmp_path / "map.pdf"))
    assert done.returncode == 2
    assert "not a CSV or .xlsx" in done.stderr


def test_templates_command_writes_the_templates(tmp_path: Path) -> None:
    done = run("templates", str(tmp_path / "out"))
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "DATA_DICTIONARY.md",
        "actors.csv",
        "relationships.csv",
        "stakeholder_map_template.xlsx",
    ]


HEAVY_MODULES = ("numpy", "scipy", "pandas", "networkx", "igraph", "openpyxl", "plotly", "sqlalchemy")


def modules_loaded_by(*args: str) -> set[str]:
    """The heavy libraries a real `mapping` process imports to run the command."""
    script = (
        "import sys, runpy; sys.argv = ['mapping', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('mapping', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60)
    return set(json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')))


def test_help_and_validating_csv_files_load_no_heavy_library(valid_folder: Path) -> None:
    """The command line starts at once: only the command asked for imports what it needs."""
    assert modules_loaded_by("--help") == set()
    assert modules_loaded_by("validate", str(valid_folder)) == set()
    paths = modules_loaded_by("paths", str(valid_folder), "--from", "telco", "--to", "ministry")
    assert paths.isdisjoint({"scipy", "pandas", "networkx", "openpyxl", "sqlalchemy"})  # igraph brings plotly itself
    assert {"numpy", "scipy", "igraph"} <= modules_loaded_by("rank", str(valid_folder))
