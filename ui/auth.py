"""Who is using the app: single-user by default, or a login for a shared deployment.

Three modes, chosen by `.streamlit/secrets.toml`:
- nothing configured: single-user mode; everyone can do everything (a laptop in a workshop);
- an `[auth]` section: Streamlit's built-in OpenID Connect login (`st.login`), the
  provider's e-mail address becomes the user name;
- a `[passwords]` table of `user = "scrypt$..."` lines (`mapping hash-password USER`):
  a user name and password form; passwords are checked in constant time.
The signed-in user is what the workspaces' roles (viewer, editor, owner) are checked
against, in `mapping.store`'s service, not only here.

Single-user mode answers only on the machine the app runs on: the shipped
configuration listens on 127.0.0.1, and if someone serves it on the network anyway
(`--server.address 0.0.0.0`) without configuring sign-in, every other machine gets a
refusal and nothing of the maps. Whether a browser is on this machine is judged by
the connection's TCP peer address (`st.context.ip_address` is None for loopback);
behind a reverse proxy on the same machine every browser looks local, so a team
deployment configures sign-in (README: "Deploy for a team").
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from mapping.auth import hash_password, verify_password
from ui.state import SIGNED_IN_USER

__all__ = ["auth_mode", "from_this_machine", "refuse_other_machines", "sign_in"]

FAILED_LOGINS = "failed_logins"
MAX_FAILED_LOGINS = 5


def _secret(name: str) -> dict[str, object]:
    """A secrets section, or {} when there is no secrets file (reading st.secrets would raise)."""
    if not st.secrets.load_if_toml_exists():
        return {}
    value = st.secrets.get(name)
    return dict(value) if value else {}


def auth_mode() -> str:
    """'oidc', 'passwords' or 'single'."""
    if _secret("auth"):
        return "oidc"
    if _secret("passwords"):
        return "passwords"
    return "single"


def sign_in() -> None:
    """Stop the page until someone has signed in, in the configured mode; show who is signed in.

    In single-user mode, stop the page for any browser on another machine.
    """
    mode = auth_mode()
    if mode == "single":
        if not from_this_machine():
            refuse_other_machines()
        return
    if mode == "oidc":
        _oidc()
    else:
        _password_form()
    user = st.session_state.get(SIGNED_IN_USER)
    st.sidebar.caption(f"Signed in as **{user}**")
    if st.sidebar.button("Sign out", key="sign_out"):
        st.session_state.pop(SIGNED_IN_USER, None)
        if mode == "oidc":
            st.logout()
        st.rerun()


def _oidc() -> None:
    if not st.user.is_logged_in:
        st.title("Stakeholder map for atrocity prevention")
        st.info("This deployment is shared: sign in to see its maps.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    st.session_state[SIGNED_IN_USER] = str(st.user.get("email") or st.user.get("name") or "user")


def _password_form() -> None:
    if st.session_state.get(SIGNED_IN_USER):
        return
    st.title("Stakeholder map for atrocity prevention")
    st.info("This deployment is shared: sign in to see its maps.")
    if st.session_state.get(FAILED_LOGINS, 0) >= MAX_FAILED_LOGINS:
        st.error("Too many failed attempts in this session. Reload the page to try again.")
        st.stop()
    with st.form("sign_in"):
        user = st.text_input("User name", key="sign_in_user")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        if _password_matches(user.strip(), password):
            st.session_state[SIGNED_IN_USER] = user.strip()
            st.session_state.pop(FAILED_LOGINS, None)
            st.rerun()
        st.session_state[FAILED_LOGINS] = st.session_state.get(FAILED_LOGINS, 0) + 1
        st.error("That user name and password do not match.")
    st.stop()


def _password_matches(user: str, password: str) -> bool:
    """Check the password against the user's stored hash; unknown users take as long as known ones."""
    stored = {name: str(value) for name, value in _secret("passwords").items()}
    ok = verify_password(password, stored.get(user, _DECOY))  # same work whether the user exists or not
    return user in stored and ok


_DECOY = hash_password("not a password", salt=bytes(16))


def from_this_machine() -> bool:
    """True when the browser connects from the machine the app runs on (a loopback TCP peer).

    Streamlit gives None for a loopback peer and the address as text otherwise; anything
    else comes only from AppTest's stand-in runtime, which has no network.
    """
    address = st.context.ip_address
    if not isinstance(address, str):
        return True
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(peer, "ipv4_mapped", None)  # "::ffff:127.0.0.1"
    return peer.is_loopback or bool(mapped and mapped.is_loopback)


def refuse_other_machines() -> None:
    """Say why, show nothing of the maps, and stop: single-user mode has no sign-in to protect them."""
    st.error(
        "This app is running without sign-in, so it only answers on the computer it runs on: "
        "its maps can name people, and anyone on this network could otherwise open, change or delete them. "
        "To serve a workshop on the local network, the person running the app configures sign-in first "
        "(README: 'Serve a workshop on your network')."
    )
    st.stop()
