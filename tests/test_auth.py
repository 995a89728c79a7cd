"""Sign-in for shared deployments: password hashes, the sign-in form, and roles checked in the service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from mapping.auth import hash_password, verify_password
from tests.test_workspace_pages import service  # noqa: F401 - a fixture: a fresh database per test
from ui import auth

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORDS = {"amina": hash_password("peace-2013"), "bob": hash_password("hunter2")}


def test_hashes_verify_and_never_store_the_password() -> None:
    stored = hash_password("peace-2013")
    assert "peace-2013" not in stored
    assert verify_password("peace-2013", stored) and not verify_password("peace-2014", stored)
    assert hash_password("peace-2013") != stored  # a fresh salt each time


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$$", "scrypt$!!$!!", "bcrypt$a$b"])
def test_malformed_hashes_never_match_nor_raise(stored: str) -> None:
    assert verify_password("anything", stored) is False


def secured_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["passwords"] = PASSWORDS
    app.run()
    assert not app.exception, app.exception
    return app


def sign_in(app: AppTest, user: str, password: str) -> AppTest:
    app.text_input(key="sign_in_user").set_value(user)
    app.text_input(key="sign_in_password").set_value(password)
    app.button[0].click().run()
    assert not app.exception, app.exception
    return app


def test_without_secrets_the_app_is_single_user() -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert app.title[0].value == "Stakeholder map for atrocity prevention"
    assert "sign_in_user" not in [t.key for t in app.text_input]  # no sign-in form


def test_with_passwords_nothing_shows_before_sign_in() -> None:
    app = secured_app()
    assert [e.value for e in app.info] == ["This deployment is shared: sign in to see its maps."]
    assert not app.metric, "no map figures before signing in"


def test_a_wrong_password_is_refused_and_the_right_one_signs_in() -> None:
    app = sign_in(secured_app(), "amina", "wrong")
    assert "do not match" in app.error[0].value
    assert "signed_in_user" not in app.session_state or not app.session_state["signed_in_user"]
    sign_in(app, "amina", "peace-2013")
    assert app.session_state["signed_in_user"] == "amina"
    assert any(m.label == "Actors" for m in app.metric)


def test_an_unknown_user_is_refused() -> None:
    app = sign_in(secured_app(), "mallory", "peace-2013")
    assert "do not match" in app.error[0].value


@pytest.fixture(autouse=True)
def no_earlier_failures() -> Iterator[None]:
    """Failed sign-ins are counted for the whole server (every AppTest of this process): start each test afresh."""
    from ui.auth import sign_in_attempts

    sign_in_attempts.clear()
    yield
    sign_in_attempts.clear()


def test_repeated_failures_lock_the_account_across_reloads() -> None:
    app = secured_app()
    for _ in range(5):
        sign_in(app, "amina", "guess")
    reloaded = sign_in(secured_app(), "amina", "peace-2013")  # a new session, as after a reload: still locked
    assert "Too many failed sign-ins" in reloaded.error[0].value
    assert not reloaded.session_state["signed_in_user"] if "signed_in_user" in reloaded.session_state else True
    other = sign_in(secured_app(), "bob", "open-sesame")  # another account is not locked by amina's failures
    assert not any("Too many" in e.value for e in other.error)


def test_an_owner_shares_a_workspace_and_the_viewer_cannot_change_it(service, small_map) -> None:  # noqa: F811
    owner = service.for_user("amina")
    workspace = owner.create("Shared map", small_map, author="Amina")
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["passwords"] = PASSWORDS
    app.run()
    sign_in(app, "amina", "peace-2013")
    app.selectbox(key="ws_manage").set_value(workspace.id).run()
    app.text_input(key=f"share_user_{workspace.id}").set_value("bob")
    app.selectbox(key=f"share_role_{workspace.id}").set_value("viewer")
    app.button(key=f"share_apply_{workspace.id}").click().run()
    assert not app.exception, app.exception
    assert service.role_of(workspace, "bob") == "viewer"
    bob = service.for_user("bob")
    assert [s.workspace.id for s in bob.list_workspaces()] == [workspace.id]
    from mapping.store import PermissionDenied, update_actor

    with pytest.raises(PermissionDenied):
        bob.save(workspace, update_actor(small_map, "ngo", {"stance": "opposed"}), 2, author="Bob")
    assert service.get(workspace.id).head_version == 2  # version 2 records the sharing itself
    assert service.history(workspace)[0].description == "Gave bob the viewer role"
    assert service.history(workspace)[0].author == "amina"  # the signed-in user, not a typed name


@pytest.mark.parametrize(
    ("peer", "local"),
    [
        (None, True),
        ("127.0.0.1", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("192.0.2.7", False),
        ("fd00::2", False),
        ("not an address", False),
    ],
)
def test_only_a_loopback_peer_counts_as_this_machine(
    monkeypatch: pytest.MonkeyPatch, peer: str | None, local: bool
) -> None:
    monkeypatch.setattr(auth.st, "context", SimpleNamespace(ip_address=peer))
    assert auth.from_this_machine() is local
