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

__all__ = ["hash_password", "verify_password"]

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
