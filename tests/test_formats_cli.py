"""`mapping import` and `mapping export`: exit codes 0/1/2 and the files they write."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from mapping import cli
from mapping.formats import picture
from mapping.load import load_paths
from mapping.samples import SAMPLE_DATA_DIR
from tests.formats_maps import ENTITIES, jsonl, kumu_file

KENYA = str(SAMPLE_DATA_DIR / "kenya_2008_2013")


def mapping(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapping", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_import_kumu_writes_our_two_csv_files(tmp_path: Path) -> None:
    (tmp_path / "kumu.xlsx").write_bytes(kumu_file().data)
    run = mapping("import", "kumu.xlsx", "--output", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "valid. 5 actors" in run.stdout and "rescaled-value" in run.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["actors.csv", "relationships.csv"]
    assert mapping("validate", "out", cwd=tmp_path).returncode == 0


def test_import_with_errors_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "ents.jsonl").write_bytes(jsonl(ENTITIES, ("{broken",)).data)
    run = mapping("import", "ents.jsonl", "--output", "out", "--json", cwd=tmp_path)
    assert run.returncode == 1
    issues = json.loads(run.stdout)
    assert {"file": "ents.jsonl", "row": len(ENTITIES) + 1, "code": "unreadable-record"}.items() <= issues[0].items()
    assert not (tmp_path / "out").exists()


def test_import_with_an_explicit_format(tmp_path: Path) -> None:
    (tmp_path / "entities.txt").write_bytes(jsonl(ENTITIES).data)
    assert mapping("import", "entities.txt", "--format", "ftm", "--output", "out", cwd=tmp_path).returncode == 0
    assert len(load_paths([tmp_path / "out"]).map) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "missing.gexf", "--output", "out"), "does not exist"),
        (("import", "map.pdf", "--output", "out"), "cannot be told"),
        (("import", "map.pdf", "--format", "pdf", "--output", "out"), "invalid choice"),
        (("export", KENYA, "--format", "pdf", "--output", "x.pdf"), "invalid choice"),
        (("export", KENYA, "--output", "x.gexf"), "required"),
    ],
)
def test_wrong_use_exits_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "map.pdf").write_bytes(b"%PDF-1.4")
    run = mapping(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert message in run.stderr


def test_export_gexf_writes_a_file_gephi_and_networkx_open(tmp_path: Path) -> None:
    run = mapping("export", KENYA, "--format", "gexf", "--output", "maps/kenya.gexf", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    graph = nx.read_gexf(io.BytesIO((tmp_path / "maps" / "kenya.gexf").read_bytes()))
    assert graph.number_of_nodes() == 91


def test_export_csv_writes_a_folder_that_validates(tmp_path: Path) -> None:
    assert mapping("export", KENYA, "--format", "csv", "--output", "pair", cwd=tmp_path).returncode == 0
    assert load_paths([tmp_path / "pair"]).map == load_paths([KENYA]).map


def test_export_of_an_invalid_map_exits_1(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("id,name,kind,stance\na,A,business,hero\n")
    (tmp_path / "relationships.csv").write_text("source,target,kind\n")
    run = mapping("export", str(tmp_path), "--format", "json", "--output", "x.json", cwd=tmp_path)
    assert run.returncode == 1
    assert "unknown-value" in run.stderr
    assert not (tmp_path / "x.json").exists()


def test_export_html(tmp_path: Path) -> None:
    assert mapping("export", KENYA, "--format", "html", "--output", "map.html", cwd=tmp_path).returncode == 0
    assert "KEPSA" in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_export_png_without_chromium_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(picture, "CHROMIUM", str(tmp_path / "no-chromium"))
    code = cli.main(["export", KENYA, "--format", "png", "--output", str(tmp_path / "map.png")])
    assert code == 2
    assert "needs Chromium" in capsys.readouterr().err
    assert not (tmp_path / "map.png").exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path(picture.CHROMIUM).is_file() or shutil.which("chromium") is None, reason="no Chromium")
def test_export_png_draws_the_map(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    run = mapping("export", KENYA, "--format", "png", "--output", "map.png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    png = (tmp_path / "map.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 600 and height > 300


def test_export_as_of_writes_only_what_was_in_force_that_day(tmp_path: Path) -> None:
    run = mapping("export", KENYA, "--format", "csv", "--output", "acute", "--as-of", "2008-02-01", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = load_paths([tmp_path / "acute"]).map
    day = dt.date(2008, 2, 1)
    whole = load_paths([KENYA]).map
    assert {a.id for a in written.actors} == {a.id for a in whole.actors if a.in_force(day)}
    assert "mkenya_daima" not in written and "uwiano" not in written
    assert all(r.in_force(day) for r in written.explicit_relationships)
    assert len(written.explicit_relationships) < len(whole.explicit_relationships)
