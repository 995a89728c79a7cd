"""The sample maps say what their public sources say, and name those sources, not our working files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapping.samples import SAMPLE_DATA_DIR
from tests.test_brief_decisions import brief_for

SAMPLES = ["kenya_2008_2013", "kenya_private_security_2023"]
INTERNAL = re.compile(r"FACTS\.md|\b[Ss]eeds? ?\d{3}\b|shared/domain")


@pytest.mark.parametrize("sample", SAMPLES)
def test_no_internal_file_or_seed_is_named_in_a_sample(sample: str) -> None:
    for path in sorted((Path(SAMPLE_DATA_DIR) / sample).iterdir()):
        found = INTERNAL.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found[:3])


@pytest.mark.parametrize(
    ("key", "us", "target", "phase"),
    [("kenya_2008_2013", "uwiano", "kepsa", "acute"), ("kenya_private_security_2023", "usalama", "g4s_kenya", None)],
)
def test_no_internal_reference_reaches_a_brief(key: str, us: str, target: str, phase: str | None) -> None:
    _, brief = brief_for(key, us, target, phase or "upstream")
    text = " ".join([brief.title, *(line for s in brief.sections for line in (s.lead, *s.bullets))])
    assert not INTERNAL.search(text)


def test_the_reference_tables_name_public_documents_not_our_files() -> None:
    reference = Path(__file__).parent.parent / "mapping" / "reference"
    for path in sorted(reference.glob("*.csv")):
        found = INTERNAL.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found[:3])


@pytest.mark.parametrize(
    ("key", "target", "phase", "expected"),
    [
        ("kenya_2008_2013", "kepsa", "acute", ("Quiet meetings with the leaders", "joint peace message")),
        ("kenya_2008_2013", "safaricom", "acute", ("hate speech",)),
        ("kenya_2008_2013", "kepsa", "recovery", ("reconciliation",)),
        ("kenya_private_security_2023", "g4s_kenya", "upstream", ("International Code of Conduct",)),
    ],
)
def test_the_asks_are_for_the_phase(key: str, target: str, phase: str, expected: tuple[str, ...]) -> None:
    us = "uwiano" if key == "kenya_2008_2013" else "usalama"
    _, brief = brief_for(key, us, target, phase)
    asks = " ".join(next(s for s in brief.sections if s.heading == "What to ask").bullets)
    assert all(text in asks for text in expected), asks
