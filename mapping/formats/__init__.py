"""Other tools' formats: open what analysts already use, and take maps out to other tools.

Pure domain code, no Streamlit. Every importer turns a foreign file into the
contract's two tables and validates them with `mapping.validate`, so every
import gets the same checks and messages as a CSV pair (`LoadResult`, every
problem a `ValidationIssue`).

- `import_file(file, format=None)` / `import_files(files, format=None)` -> `LoadResult`:
  Kumu (`kumu`), FollowTheMoney (`ftm`), GEXF, GraphML, node-link JSON (`json`),
  and our own workbook (`xlsx`) and CSV pair (`csv`).
- `export_files(smap, format, redact=False)` -> `MapExport` (the files by name,
  and the redaction findings to check before sharing): `csv` (actors.csv and
  relationships.csv), `xlsx`, `kumu`, `gexf`, `graphml`, `json`, `html`, `png`;
  `export_map(smap, format, redact=False)` -> bytes of one file (csv: a zip).
- `analysis_workbook_bytes(smap, ranking, paths, critical)`: one question's
  ranking, strongest paths and critical brokers, with the method.

Each module's docstring gives its mapping table to our columns.
"""

from mapping.formats.analysis_workbook import analysis_workbook_bytes
from mapping.formats.convert import (
    EXPORT_FORMATS,
    EXPORT_SUFFIXES,
    IMPORT_FORMATS,
    MapExport,
    export_files,
    export_map,
    guess_format,
    import_file,
    import_files,
)
from mapping.formats.picture import PictureUnavailableError

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_SUFFIXES",
    "IMPORT_FORMATS",
    "MapExport",
    "PictureUnavailableError",
    "analysis_workbook_bytes",
    "export_files",
    "export_map",
    "guess_format",
    "import_file",
    "import_files",
]
