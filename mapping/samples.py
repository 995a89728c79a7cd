"""The example maps bundled in `sample_data/`, so a first-time user starts with a real map."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mapping.load import LoadResult, load_paths

__all__ = ["DEFAULT_SAMPLE", "SAMPLE_DATA_DIR", "TEMPLATES_DIR", "Sample", "list_samples", "load_sample"]

SAMPLE_DATA_DIR = Path(__file__).resolve().parent.parent / "sample_data"
TEMPLATES_DIR = SAMPLE_DATA_DIR / "templates"
DEFAULT_SAMPLE = "kenya_2008_2013"


@dataclass(frozen=True)
class Sample:
    """A bundled map: its folder key, a title and a one-paragraph description from its README."""

    key: str
    title: str
    description: str
    folder: Path


def list_samples() -> list[Sample]:
    """Every folder of `sample_data/` holding an actors.csv, default sample first."""
    folders = sorted(p for p in SAMPLE_DATA_DIR.iterdir() if (p / "actors.csv").is_file() and p != TEMPLATES_DIR)
    samples = [_sample(folder) for folder in folders]
    return sorted(samples, key=lambda s: (s.key != DEFAULT_SAMPLE, s.key))


def load_sample(key: str) -> LoadResult:
    """Load a bundled map by its folder name."""
    sample = next((s for s in list_samples() if s.key == key), None)
    if sample is None:
        raise KeyError(f"no sample map {key!r}; known: {', '.join(s.key for s in list_samples())}")
    return load_paths([sample.folder], title=sample.title)


def _sample(folder: Path) -> Sample:
    """Title from the README's first heading, description from its first paragraph."""
    readme = folder / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines() if readme.is_file() else []
    title = next((line.lstrip("# ").strip() for line in lines if line.startswith("# ")), folder.name)
    paragraphs = "\n".join(lines).split("\n\n")
    description = next((p.strip() for p in paragraphs if p.strip() and not p.lstrip().startswith("#")), "")
    return Sample(folder.name, title, " ".join(description.split()), folder)
