"""`mapping export --redact`: the same files as the app's downloads in every format, findings on stderr.

The command runs as a user runs it (`python -m mapping`, a subprocess) on the
planted map of tests/redaction_maps.py, in a folder named after a person (the
folder name becomes the map's title). What it writes must equal what
`mapping.formats.export_files(..., redact=True)` gives the app's download
buttons, part for part, and hold no name; nothing it prints may name anyone.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mapping import cli
from mapping.formats import EXPORT_FORMATS, EXPORT_SUFFIXES, export_files, picture
from mapping.formats.picture import map_html
from mapping.load import load_paths
from tests.redaction_maps import AMINA_SHOWN, csv_text, names_in, write_planted_map
from tests.test_redaction import text_of

PERSON_FOLDER = "Interview Amina Wanjiru"
# xlsx records when it was written; GEXF the day. Neither is content.
_TIMESTAMPS = (re.compile(rb'lastmodifieddate="[^"]*"'), re.compile(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>"))


def mapping(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mapping", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def content(data: bytes) -> object:
    """What a file holds, part by part for a zip, without the moment it was written."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: content(archive.read(name)) for name in archive.namelist()}
    for stamp in _TIMESTAMPS:
        data = stamp.sub(b"", data)
    return data


@pytest.fixture(scope="module")
def planted_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_planted_map(tmp_path_factory.mktemp("cli") / PERSON_FOLDER)


def written(output: Path, export_format: str) -> dict[str, bytes]:
    """The files the command wrote: the csv folder's two files, or the one file."""
    if export_format == "csv":
        return {path.name: path.read_bytes() for path in sorted(output.iterdir())}
    return {f"map.{EXPORT_SUFFIXES[export_format]}": output.read_bytes()}


@pytest.mark.parametrize("export_format", [f for f in EXPORT_FORMATS if f != "png"])
def test_the_command_writes_what_the_app_downloads(planted_folder: Path, tmp_path: Path, export_format: str) -> None:
    output = tmp_path / ("out" if export_format == "csv" else f"out.{EXPORT_SUFFIXES[export_format]}")
    run = mapping(
        "export", str(planted_folder), "--format", export_format, "--redact", "--output", str(output), cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    files = written(output, export_format)
    app = export_files(load_paths([planted_folder]).map, export_format, redact=True)
    assert {name: content(data) for name, data in files.items()} == {n: content(d) for n, d in app.files.items()}
    text = " ".join(text_of(data) for data in files.values())
    assert names_in(text) == [] and AMINA_SHOWN in text
    assert names_in(run.stdout.replace(str(tmp_path), "")) == [] and names_in(run.stderr) == []


def test_without_redact_the_names_are_written(planted_folder: Path, tmp_path: Path) -> None:
    run = mapping("export", str(planted_folder), "--format", "json", "--output", "out.json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "wanjiru" in names_in((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_findings_are_printed_on_stderr_and_the_file_is_still_written(tmp_path: Path) -> None:
    folder = tmp_path / "uncertain"
    folder.mkdir()
    actors = [
        {"id": "ku", "name": "Kenyatta University", "kind": "civil_society"},
        {"id": "gk", "name": "Grace Kenyatta", "kind": "person", "parent": "ku", "notes": "Kenyatta agreed."},
    ]
    (folder / "actors.csv").write_text(csv_text(actors), encoding="utf-8")
    (folder / "relationships.csv").write_text("source,target,kind\nku,gk,employs\n", encoding="utf-8")
    run = mapping("export", str(folder), "--format", "csv", "--redact", "--output", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "check actors row 3, notes: A word of the name of person_1 (actors row 3)" in run.stderr
    assert not re.search(r"(?i)\b(grace|kenyatta)\b", run.stderr)
    assert "Kenyatta agreed." in (tmp_path / "out" / "actors.csv").read_text(encoding="utf-8-sig")


def test_png_is_drawn_from_the_redacted_page(
    planted_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picture's pixels cannot be searched: the page Chromium would draw stands in for it, in both paths."""
    monkeypatch.setattr("mapping.formats.convert.map_png", lambda smap: map_html(smap).encode("utf-8"))
    output = tmp_path / "map.png"
    assert cli.main(["export", str(planted_folder), "--format", "png", "--redact", "--output", str(output)]) == 0
    app = export_files(load_paths([planted_folder]).map, "png", redact=True)
    assert output.read_bytes() == app.file()
    assert names_in(text_of(output.read_bytes())) == []


@pytest.mark.slow
@pytest.mark.skipif(not Path(picture.CHROMIUM).is_file() or shutil.which("chromium") is None, reason="no Chromium")
def test_a_redacted_png_is_drawn(planted_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    run = mapping("export", str(planted_folder), "--format", "png", "--redact", "--output", "map.png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert names_in(run.stderr) == []
