"""Shared fixtures: small maps written as real files, and the bundled samples."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mapping.load import LoadResult, load_paths
from mapping.model import StakeholderMap
from mapping.samples import list_samples, load_sample
from mapping.store import DATA_DIR_ENV, DATABASE_URL_ENV

ACTORS_HEADER = "id,name,kind,subtype,parent,seniority,influence,stance,integrity,neutrality,phases,capabilities"
RELATIONSHIPS_HEADER = "source,target,kind,strength,direction,sign,confidence,since,until"

SMALL_ACTORS = f"""{ACTORS_HEADER}
umbrella,Umbrella Business Alliance,association,umbrella body,,,5,champion,5,5,upstream;acute;recovery,convening
chamber,Chamber of Commerce,association,,,,4,supportive,4,4,upstream,convening
telco,Telco Ltd,business,multinational,,,4,supportive,3,3,acute,content_moderation
bank,National Bank,business,national,,,3,neutral,3,3,,funding
ministry,Ministry of Interior,government,ministry,,,5,sceptical,2,2,acute,
party_a,Party A,political,,,,4,neutral,,,,
party_b,Party B,political,,,,4,neutral,,,,
ngo,Peace NGO,civil_society,,,,2,champion,4,2,upstream,monitoring
chair,"Chair, Umbrella Business Alliance",person,,umbrella,top,4,champion,,,,
csr,"CSR manager, Telco",person,,telco,csr,1,supportive,,,,
"""

SMALL_RELATIONSHIPS = f"""{RELATIONSHIPS_HEADER}
chamber,umbrella,member_of,0.6,,,high,2003,
telco,chamber,member_of,,,,high,,
bank,chamber,member_of,,,,medium,,
umbrella,ministry,dialogue,0.5,,,high,2008-01,
umbrella,party_a,dialogue,0.4,,,medium,2008-01-18,
umbrella,party_b,dialogue,0.4,,,medium,2008-01-18,
party_a,party_b,rivals,0.9,,,high,,
ngo,party_b,influences,0.3,,,low,,
"""


@pytest.fixture(scope="session", autouse=True)
def workspace_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every page lists the workspaces: keep the tests' database out of the checkout's ./data and off any server.

    Set for the whole session (not per test), so that the app the browser tests start inherits it.
    """
    folder = tmp_path_factory.mktemp("workspace_data")
    saved = {name: os.environ.pop(name, None) for name in (DATA_DIR_ENV, DATABASE_URL_ENV)}
    os.environ[DATA_DIR_ENV] = str(folder)
    yield folder
    for name, value in saved.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value


def write_pair(folder: Path, actors: str, relationships: str, encoding: str = "utf-8") -> Path:
    """Write actors.csv and relationships.csv into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.csv").write_bytes(actors.encode(encoding))
    (folder / "relationships.csv").write_bytes(relationships.encode(encoding))
    return folder


@pytest.fixture
def load_text(tmp_path: Path) -> Callable[..., LoadResult]:
    """Load a map from CSV texts written to real files (defaults: the small valid map)."""

    def load(actors: str = SMALL_ACTORS, relationships: str = SMALL_RELATIONSHIPS, **kwargs: str) -> LoadResult:
        return load_paths([write_pair(tmp_path / "map", actors, relationships, **kwargs)])

    return load


@pytest.fixture
def small_map(load_text: Callable[..., LoadResult]) -> StakeholderMap:
    result = load_text()
    assert result.map is not None, result.errors
    return result.map


@pytest.fixture(scope="session")
def kenya_map() -> StakeholderMap:
    result = load_sample("kenya_2008_2013")
    assert result.map is not None, result.errors[:5]
    return result.map


SAMPLE_KEYS = [sample.key for sample in list_samples()]
