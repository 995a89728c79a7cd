"""The README's formulas, shown inside the app so they are one click away, offline too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

__all__ = ["FORMULAS_HEADING", "formulas_expander", "formulas_section"]

README = Path(__file__).resolve().parent.parent / "README.md"
FORMULAS_HEADING = "## How the scores are computed"


@cache
def formulas_section() -> str:
    """The README section that documents every formula (up to the next second-level heading)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(FORMULAS_HEADING) + len(FORMULAS_HEADING)
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else None].strip()


def formulas_expander() -> None:
    """An expander holding the formulas (README, 'How the scores are computed')."""
    with st.expander("How is this computed? (README: How the scores are computed)"):
        st.markdown(formulas_section())
