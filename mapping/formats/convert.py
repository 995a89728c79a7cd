"""Which reader and writer serve each format, and guessing a file's format.

`import_files` reads foreign files into a `LoadResult` (a map, or every issue
found, exactly as `mapping.load` reports them); `export_files` writes a map in
any export format, redacted on request (`mapping.redact`), and `export_map` gives
the same as the bytes of one file. They are what the command line and the pages
call, so a download and `mapping export --redact` hold the same content.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import load_workbook

from mapping.export import actor_rows, csv_bytes, relationship_rows, workbook_bytes
from mapping.formats.ftm import looks_like_ftm, read_ftm
from mapping.formats.gexf import gexf_bytes, read_gexf
from mapping.formats.graphml import graphml_bytes, read_graphml
from mapping.formats.graphology import looks_like_graphology, read_graphology
from mapping.formats.jsongraph import parse_document
from mapping.formats.kumu import kumu_workbook_bytes, looks_like_kumu, read_kumu
from mapping.formats.kumu_json import looks_like_kumu_json, read_kumu_json
from mapping.formats.nodelink import node_link_bytes, read_node_link
from mapping.formats.picture import map_html, map_png
from mapping.issues import ValidationIssue
from mapping.kinds import KindChoices
from mapping.limits import Limits, archive_issues, file_too_large
from mapping.load import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, LoadResult, load_files
from mapping.model import StakeholderMap
from mapping.read import InputFile, decode_head
from mapping.redact import Redaction, RedactionFinding, redact_map
from mapping.schema import normalise_token

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_SUFFIXES",
    "IMPORT_FORMATS",
    "MapExport",
    "export_files",
    "export_map",
    "guess_format",
    "import_file",
    "import_files",
]

IMPORT_FORMATS: dict[str, str] = {
    "kumu": "Kumu spreadsheet: .xlsx with Elements and Connections sheets, or CSV files",
    "kumu-json": "Kumu JSON: a project's Export JSON backup, or a blueprint",
    "ftm": "FollowTheMoney entities, one JSON object per line (OpenSanctions, Aleph)",
    "gexf": "GEXF graph (Gephi)",
    "graphml": "GraphML graph (yEd, Cytoscape, networkx, Gephi)",
    "json": "node-link JSON (networkx node_link_data, d3 force layouts)",
    "graphology": "graphology JSON (Gephi Lite, sigma.js)",
    "xlsx": "our workbook with Actors and Relationships sheets",
    "csv": "our actors.csv and relationships.csv",
}
EXPORT_FORMATS: dict[str, str] = {
    "csv": "actors.csv and relationships.csv (a .zip from export_map; a folder from the command line)",
    "xlsx": "our workbook with Actors and Relationships sheets",
    "kumu": "Kumu-ready workbook with Elements and Connections sheets",
    "gexf": "GEXF for Gephi, with colours, sizes and positions",
    "graphml": "GraphML for yEd, Cytoscape and networkx",
    "json": "node-link JSON (networkx node_link_data shape)",
    "html": "the interactive map as one HTML page",
    "png": "a picture of the map (needs Chromium)",
}
EXPORT_SUFFIXES = {"csv": "zip", "kumu": "xlsx", "json": "json", "xlsx": "xlsx"} | {
    f: f for f in ("gexf", "graphml", "html", "png")
}
_SNIFF_BYTES = 4096


def guess_format(files: Sequence[InputFile]) -> str | None:
    """The import format the files are in, from their names and first bytes; None if unknown."""
    suffixes = {file.suffix for file in files}
    if len(files) == 1:
        return _guess_one(files[0])
    if suffixes <= set(TEXT_SUFFIXES):
        return "kumu" if any(_kumu_csv(file) for file in files) else "csv"
    return None


def _guess_one(file: InputFile) -> str | None:
    head = file.data[:_SNIFF_BYTES]
    if file.suffix in ("gexf", "graphml"):
        return file.suffix
    if file.suffix == "xml":
        return "gexf" if b"<gexf" in head else "graphml" if b"<graphml" in head else None
    if file.suffix in ("jsonl", "ndjson", "ijson", "ftm"):
        return "ftm"
    if file.suffix == "json":
        return "ftm" if looks_like_ftm(decode_head(file.data, 1_000_000)) else _json_dialect(file)
    if file.suffix in WORKBOOK_SUFFIXES:
        return "kumu" if looks_like_kumu(_sheet_names(file)) else "xlsx"
    if file.suffix in TEXT_SUFFIXES:
        return "kumu"
    return _sniffed(file, head)


def _sniffed(file: InputFile, head: bytes) -> str | None:
    """The format of a file whose name says nothing (Aleph's `entities`, a `.txt` export), from its first bytes."""
    if b"<gexf" in head:
        return "gexf"
    if b"<graphml" in head:
        return "graphml"
    text = decode_head(file.data, 1_000_000)
    return "ftm" if text.lstrip().startswith("{") and looks_like_ftm(text) else None


def _json_dialect(file: InputFile) -> str:
    """Kumu's JSON (elements and connections), graphology's (nodes with a key), else node-link JSON.

    The whole document is parsed, as its reader will parse it again: the keys that tell
    the dialects apart can come after megabytes of nodes. A document that cannot be
    read is left to the node-link reader, which says why.
    """
    data, issue = parse_document(file, Limits.from_env())
    if issue is None and looks_like_kumu_json(data):
        return "kumu-json"
    if issue is None and looks_like_graphology(data):
        return "graphology"
    return "json"


def _sheet_names(file: InputFile) -> list[str]:
    """The workbook's sheet names; none when it is damaged or must not be opened (its reader says why)."""
    if archive_issues(file.name, file.data, Limits.from_env()):
        return []
    try:
        workbook = load_workbook(io.BytesIO(file.data), read_only=True)
    except Exception:
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def _kumu_csv(file: InputFile) -> bool:
    """A CSV is Kumu's when its name says elements or connections, or its first header is Label or From."""
    stem = normalise_token(file.name.rsplit(".", 1)[0])
    first_header = normalise_token(decode_head(file.data, _SNIFF_BYTES).lstrip().split(",", 1)[0].strip('"'))
    return any(word in stem for word in ("element", "connection")) or first_header in ("label", "from")


def import_files(
    files: Sequence[InputFile],
    format: str | None = None,
    title: str = "",
    limits: Limits | None = None,
    kinds: KindChoices | None = None,
) -> LoadResult:
    """A map from files in any import format (guessed from the files when not given).

    Files over the size limit, and workbooks whose archive must not be opened,
    are refused before anything else is read (see `mapping.limits`). Blank and
    foreign kinds become ours by `kinds` (`mapping.kinds`; the defaults when None),
    so no import fails only for kinds; `LoadResult.kinds` lists what each type became.
    """
    limits = limits or Limits.from_env()
    refused = _refused(files, limits)
    if refused:
        return LoadResult(None, tuple(refused))
    chosen = format or guess_format(files)
    if chosen is None or chosen not in IMPORT_FORMATS:
        names = ", ".join(file.name for file in files) or "(none)"
        wanted = f"'{format}' is not a format we import" if format else f"the format of {names} cannot be told"
        message = f"{wanted}. Give --format, one of: {', '.join(IMPORT_FORMATS)}."
        return LoadResult(None, (ValidationIssue(names, None, None, "unsupported-file", message),))
    if chosen in ("xlsx", "csv"):
        return load_files(files, title, limits, kinds)
    if chosen == "kumu" and all(file.suffix == "json" for file in files):
        chosen = "kumu-json"
    if chosen == "kumu":
        return read_kumu(files, title, limits, kinds)
    if len(files) != 1:
        message = f"A {chosen} import reads one file; {len(files)} were given."
        return LoadResult(None, (ValidationIssue(files[0].name, None, None, "unsupported-file", message),))
    readers: dict[str, Callable[..., LoadResult]] = {
        "ftm": read_ftm,
        "gexf": read_gexf,
        "graphml": read_graphml,
        "json": read_node_link,
        "graphology": read_graphology,
        "kumu-json": read_kumu_json,
    }
    return readers[chosen](files[0], title, limits, kinds=kinds)


def _refused(files: Sequence[InputFile], limits: Limits) -> list[ValidationIssue]:
    """Files over the size limit, and workbooks that are zip bombs: nothing of them is read."""
    too_large = [issue for file in files if (issue := file_too_large(file.name, len(file.data), limits)) is not None]
    if too_large:
        return too_large
    workbooks = [file for file in files if file.suffix in WORKBOOK_SUFFIXES]
    return [issue for file in workbooks for issue in archive_issues(file.name, file.data, limits)]


def import_file(
    file: InputFile,
    format: str | None = None,
    title: str = "",
    limits: Limits | None = None,
    kinds: KindChoices | None = None,
) -> LoadResult:
    """A map from one file in any import format (see `import_files`)."""
    return import_files([file], format, title, limits, kinds)


@dataclass(frozen=True)
class MapExport:
    """The files of one export, by name, and what to check before sharing them when redacted.

    `files` holds "actors.csv" and "relationships.csv" for csv, and one file named
    "map.<suffix>" (`EXPORT_SUFFIXES`) for every other format.
    """

    files: Mapping[str, bytes]
    findings: tuple[RedactionFinding, ...] = ()
    title: str = ""

    def file(self, name: str | None = None) -> bytes:
        """One file of the export: the one named, or the only one."""
        return self.files[name] if name is not None else self.single_file()

    def single_file(self) -> bytes:
        """The export as one file: the only file, or a .zip of the csv pair."""
        if len(self.files) == 1:
            return next(iter(self.files.values()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.files.items():
                archive.writestr(name, data)
        return buffer.getvalue()


def export_files(smap: StakeholderMap, format: str, *, redact: bool = False) -> MapExport:
    """The map in an export format, redacted first when `redact` (people by role, names scrubbed everywhere).

    The one way out for the app's downloads and `mapping export`: with `redact`,
    the files are written from `mapping.redact.redact_map(smap).map` and carry its
    findings. Raises ValueError for an unknown format and `PictureUnavailableError`
    when a PNG cannot be drawn here.
    """
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    outgoing = redact_map(smap) if redact else Redaction(smap, ())
    leaving = outgoing.map
    if format == "csv":
        files = {
            "actors.csv": csv_bytes(*actor_rows(leaving)),
            "relationships.csv": csv_bytes(*relationship_rows(leaving)),
        }
    else:
        files = {f"map.{EXPORT_SUFFIXES[format]}": _writers()[format](leaving)}
    return MapExport(files, outgoing.findings, leaving.title)


def export_map(smap: StakeholderMap, format: str, *, redact: bool = False) -> bytes:
    """The map in an export format as the bytes of one file (csv: a .zip of the two CSV files); see `export_files`."""
    return export_files(smap, format, redact=redact).single_file()


def _writers() -> dict[str, Callable[[StakeholderMap], bytes]]:
    """The writer of each single-file format (looked up when called, so tests can stand in for the browser)."""
    return {
        "xlsx": workbook_bytes,
        "kumu": kumu_workbook_bytes,
        "gexf": gexf_bytes,
        "graphml": graphml_bytes,
        "json": node_link_bytes,
        "html": lambda smap: map_html(smap).encode("utf-8"),
        "png": map_png,
    }
