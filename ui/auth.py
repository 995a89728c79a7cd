"""Who is using the app: single-user by default, or a login for a shared deployment.

Three modes, chosen by `.streamlit/secrets.toml`:
- nothing configured: single-user mode; everyone can do everything (a laptop in a workshop);
- an `[auth]` section: Streamlit's built-in OpenID Connect login (`st.login`); a user
  is the provider's stable subject (`sub`, with its issuer), greeted by their e-mail;
- a `[passwords]` table of `user = "scrypt$..."` lines (`mapping hash-password USER`):
  a user name and password form; passwords are checked in constant time.
The signed-in user is what the workspaces' roles (viewer, editor, owner) are checked
against, in `mapping.store`'s service, not only here; `[access] admins = [...]` names
the users who may manage workspaces made before sign-in was configured. Failed password
sign-ins are counted per account and per client address for the whole server
(`mapping.auth.SignInAttempts`): five in fifteen minutes lock either out, reload or not.

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

from mapping.auth import SignInAttempts, hash_password, oidc_user_id, verify_password
from mapping.markdown import escape_markdown as md
from ui.state import SIGNED_IN_USER

__all__ = ["auth_mode", "from_this_machine", "refuse_other_machines", "sign_in"]

SIGNED_IN_NAME = "signed_in_name"  # the name to greet an OpenID Connect user by (their id is opaque)


@st.cache_resource
def sign_in_attempts() -> SignInAttempts:
    """Failed sign-ins of every session of this server, per account and per address (survives reloads)."""
    return SignInAttempts()


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
    shown = st.session_state.get(SIGNED_IN_NAME) or user
    st.sidebar.caption(f"Signed in as **{md(str(shown))}**")
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
    user = oidc_user_id(dict(st.user.to_dict()))
    if user is None:
        st.error(
            "Your identity provider did not say who you are (no subject, 'sub', in its answer), so you cannot be "
            "told apart from other users. Ask whoever runs the app to check its [auth] settings."
        )
        st.button("Sign out", on_click=st.logout)
        st.stop()
    st.session_state[SIGNED_IN_USER] = user
    st.session_state[SIGNED_IN_NAME] = str(st.user.get("email") or st.user.get("name") or user)


def _password_form() -> None:
    if st.session_state.get(SIGNED_IN_USER):
        return
    st.title("Stakeholder map for atrocity prevention")
    st.info("This deployment is shared: sign in to see its maps.")
    with st.form("sign_in"):
        user = st.text_input("User name", key="sign_in_user")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        attempts, account, address = sign_in_attempts(), user.strip(), _client_address()
        wait = attempts.locked_for(account, address)
        if wait > 0:  # checked before the password, so a locked account's right password proves nothing
            st.error(
                f"Too many failed sign-ins for this account or from this address. Try again in {wait / 60:.0f} minutes."
            )
            st.stop()
        if _password_matches(account, password):
            attempts.succeeded(account)
            st.session_state[SIGNED_IN_USER] = account
            st.rerun()
        attempts.failed(account, address)
        st.error("That user name and password do not match.")
    st.stop()


def _client_address() -> str | None:
    """The browser's address as the server sees it (None for this machine, or behind a local proxy)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


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
