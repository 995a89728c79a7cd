"""Names, authors and descriptions are shown as text: a link or an image in them never reaches the browser as one.

A workspace named `[sign in again](http://host)` would otherwise be a live phishing
link on every viewer's Home page, and `![](http://host/x.png)` would make every
viewer's browser contact that host.
"""

from __future__ import annotations

import re

from mapping.model import StakeholderMap
from mapping.store import WorkspaceService
from tests.test_workspace_pages import AUTHOR, click, run, service, small, start  # noqa: F401 - fixtures

PHISH = "[sign in again](http://evil.example)"
BEACON = "![](http://evil.example/x.png)"
LIVE = re.compile(r"(?<!\\)\]\(http")  # '](' not escaped: Markdown would make a link or an image of it


def shown(app: object) -> str:
    elements = [*app.markdown, *app.success, *app.info, *app.warning, *app.error, *app.caption]  # type: ignore[attr-defined]
    return "\n".join(str(e.value) for e in elements)


def test_a_workspace_named_like_a_link_is_listed_and_announced_as_text(
    service: WorkspaceService,  # noqa: F811
    small: StakeholderMap,  # noqa: F811
) -> None:
    hostile = service.create(f"{PHISH} {BEACON}", small, author=f"{BEACON} Amina", description=PHISH)
    app = start()
    listed = shown(app)
    assert "sign in again" in listed and not LIVE.search(listed)
    click(app, f"ws_open_{hostile.id}")
    assert not LIVE.search(shown(app))


def test_a_route_through_actors_named_like_links_is_told_as_text(
    service: WorkspaceService,  # noqa: F811
    small: StakeholderMap,  # noqa: F811
) -> None:
    from dataclasses import replace

    renamed = StakeholderMap(
        [replace(a, name=f"{PHISH} {a.name}") if a.id != small.actors[0].id else a for a in small.actors],
        small.explicit_relationships,
        title="hostile",
    )
    workspace = service.create("Hostile names", renamed, author=AUTHOR)
    app = start(workspace=workspace)
    app.session_state["us"] = ["umbrella"]
    app.session_state["target"] = "ministry"
    app.switch_page("views/paths.py")
    run(app)
    text = shown(app)
    assert "sign in again" in text and not LIVE.search(text)
