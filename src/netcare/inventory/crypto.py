"""Encryption of device credentials at rest (Fernet, key derived with HKDF-SHA256).

The key material is ``settings.CREDENTIAL_KEY`` when set, else ``settings.SECRET_KEY``.
``CREDENTIAL_KEY`` may list several keys separated by commas: the first encrypts,
all of them decrypt, so an operator can rotate the key and re-save credentials
without a flag day. Keys are derived rather than used raw so a Django secret key of
any length and alphabet becomes a valid Fernet key, bound to this one purpose.
"""

from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

#: Binds the derived key to this use: the same secret key elsewhere yields other keys.
_INFO = b"netcare inventory credential v1"
_SALT = b"netcare-credentials"


class CredentialUnreadable(Exception):
    """A stored secret cannot be decrypted with the configured key(s)."""


def _derive(material: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO)
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(material.encode("utf-8"))))


@functools.lru_cache(maxsize=8)
def _fernet(materials: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(m) for m in materials])


def _key_materials() -> tuple[str, ...]:
    configured = [k.strip() for k in (settings.CREDENTIAL_KEY or "").split(",") if k.strip()]
    return tuple(configured) if configured else (str(settings.SECRET_KEY),)


def encrypt(plaintext: str) -> str:
    """A Fernet token for ``plaintext``; the empty string stays empty (nothing stored)."""
    if not plaintext:
        return ""
    return _fernet(_key_materials()).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a token made by ``encrypt``; raises ``CredentialUnreadable``."""
    if not token:
        return ""
    try:
        return _fernet(_key_materials()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise CredentialUnreadable(
            "a stored credential cannot be decrypted: NETCARE_CREDENTIAL_KEY or the "
            "secret key changed since it was saved"
        ) from exc


def reencrypt(token: str) -> str:
    """The same secret under the current first key (after a key rotation)."""
    if not token:
        return ""
    try:
        return _fernet(_key_materials()).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise CredentialUnreadable("a stored credential cannot be decrypted") from exc
