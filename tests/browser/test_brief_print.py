"""An organisation's brief prints on one page, A4 and Letter, in Chromium's print engine, and reads on screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mapping.analysis.coalitions import find_coalitions
from mapping.analysis.leaders import rank_leaders
from mapping.analysis.ranking import RankingQuery, rank_actors
from mapping.lens.brief import brief_html, build_brief
from mapping.samples import load_sample

BRIEFS = [
    ("kenya_2008_2013", "uwiano", "kepsa", "acute"),
    ("kenya_2008_2013", "uwiano", "safaricom", "acute"),
    ("kenya_private_security_2023", "usalama", "g4s_kenya", "upstream"),
    ("kenya_private_security_2023", "usalama", "kk_security", "upstream"),
]


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote: its page objects (`/Type /Page`, not the `/Pages` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize(("key", "us", "target", "phase"), BRIEFS)
def test_an_organisations_brief_prints_on_one_page(page: Any, key: str, us: str, target: str, phase: str) -> None:
    smap = load_sample(key).map
    ranking = rank_actors(smap, RankingQuery(us=(us,), phase=phase))
    leaders, coalitions = rank_leaders(smap, ranking), find_coalitions(smap)  # as the page builds it
    page.set_content(brief_html(build_brief(smap, target, ranking, leaders, coalitions, (), phase)))
    for paper in ("A4", "Letter"):
        assert pdf_pages(page.pdf(format=paper)) == 1, paper
    page.emulate_media(media="print")
    smallest = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('li, p')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest >= 10.9  # 8.2pt printed: small, but a printed page held at reading distance
    page.emulate_media(media="screen")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)") >= 14  # 11pt on screen
