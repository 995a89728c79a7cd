"""Passwords for a shared deployment: hashed with scrypt, compared in constant time.

Streamlit secrets hold `[passwords]` entries of the form `user = "scrypt$<salt>$<hash>"`
(make one with `mapping hash-password`); the plain password is never stored.
scrypt (RFC 7914, in Python's hashlib) is memory-hard, which makes guessing a
stolen hash expensive; the parameters below are the usual interactive-login ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time

__all__ = ["LOCKOUT_FAILURES", "LOCKOUT_SECONDS", "SignInAttempts", "hash_password", "oidc_user_id", "verify_password"]

_N, _R, _P, _LENGTH = 2**14, 8, 1, 32
PREFIX = "scrypt"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$<salt>$<hash>' for a password (a fresh random salt unless one is given).

    >>> stored = hash_password("correct horse", salt=b"0" * 16)
    >>> stored.startswith("scrypt$"), verify_password("correct horse", stored), verify_password("wrong", stored)
    (True, True, False)
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_LENGTH)
    return "$".join((PREFIX, _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches a stored hash; False for anything malformed, never an exception."""
    parts = stored.split("$")
    if len(parts) != 3 or parts[0] != PREFIX:
        return False
    try:
        salt = base64.b64decode(parts[1], validate=True)
        expected = base64.b64decode(parts[2], validate=True)
    except ValueError:
        return False
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=len(expected) or _LENGTH)
    return hmac.compare_digest(digest, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


LOCKOUT_FAILURES = 5
"""Failed sign-ins, for one account or from one address, before it is locked out."""
LOCKOUT_SECONDS = 15 * 60
"""How long a lockout lasts after the last failure."""


class SignInAttempts:
    """Failed sign-ins counted per account and per client address, so that neither a reload nor a new browser
    session gives more guesses.

    One instance serves the whole app (the pages keep it with `st.cache_resource`);
    it holds only counts and times, never a password. Thread-safe: sessions run in
    threads of one process.

    >>> attempts = SignInAttempts()
    >>> for second in range(5):
    ...     attempts.failed("amina", "192.0.2.7", now=float(second))
    >>> attempts.locked_for("amina", "198.51.100.1", now=10.0) > 0  # the account, from anywhere
    True
    >>> attempts.locked_for("bob", "192.0.2.7", now=10.0) > 0  # the address, for any account
    True
    >>> attempts.locked_for("bob", "198.51.100.1", now=10.0)
    0.0
    """

    def __init__(self, failures: int = LOCKOUT_FAILURES, seconds: float = LOCKOUT_SECONDS) -> None:
        self.failures = failures
        self.seconds = seconds
        self._times: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def failed(self, account: str, address: str | None, now: float | None = None) -> None:
        """Count a failed sign-in against the account and the address it came from."""
        moment = time.time() if now is None else now
        with self._lock:
            for key in self._keys(account, address):
                self._times.setdefault(key, []).append(moment)

    def succeeded(self, account: str) -> None:
        """A correct password clears the account's count (not the address's: it may be guessing others)."""
        with self._lock:
            self._times.pop(f"account:{account.casefold()}", None)

    def locked_for(self, account: str, address: str | None, now: float | None = None) -> float:
        """Seconds until the account or the address may try again; 0.0 when it may now."""
        moment = time.time() if now is None else now
        with self._lock:
            waits = []
            for key in self._keys(account, address):
                recent = [t for t in self._times.get(key, []) if moment - t < self.seconds]
                self._times[key] = recent
                if len(recent) >= self.failures:
                    waits.append(self.seconds - (moment - recent[-1]))
            return max(waits, default=0.0)

    @staticmethod
    def _keys(account: str, address: str | None) -> list[str]:
        keys = [f"account:{account.casefold()}"]
        if address:
            keys.append(f"address:{address}")
        return keys


def oidc_user_id(claims: dict[str, object]) -> str | None:
    """The stable id of a user signed in with OpenID Connect: the issuer and the subject (`sub`), or None.

    The subject is the one claim a provider promises never to reassign; an e-mail
    address or a display name can change hands or be chosen by the user. Without a
    subject, no one is signed in (rather than everyone becoming one user).

    >>> oidc_user_id({"iss": "https://accounts.example.org", "sub": "10769150350006150715113082367"})
    '10769150350006150715113082367@accounts.example.org'
    >>> oidc_user_id({"email": "amina@example.org"}) is None
    True
    """
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        return None
    issuer = str(claims.get("iss") or "").strip()
    host = issuer.split("://", 1)[-1].rstrip("/")
    return f"{subject}@{host}" if host else subject
