"""What the shipped settings promise in SECURITY.md: no tracebacks on screen, no framing by other sites.

`streamlit config show` is what `streamlit run` reads from the checkout, with no
overrides; the Caddyfile is the front of the team deployment (compose.yaml), and the
only place that can send headers, since Streamlit cannot.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shown_config() -> str:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("STREAMLIT_")}
    return subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_an_error_shows_no_traceback_in_the_browser() -> None:
    """A traceback can hold a database address, a file path or a piece of someone's data."""
    assert '\nshowErrorDetails = "none"\n' in shown_config()


def test_the_team_deployment_refuses_to_be_framed_by_other_sites() -> None:
    site = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    headers = dict(re.findall(r'^\s*header\s+(\S+)\s+"(.*)"\s*$', site, flags=re.MULTILINE))
    assert headers.get("Content-Security-Policy") == "frame-ancestors 'self'"
    assert headers.get("X-Frame-Options") == "SAMEORIGIN"
