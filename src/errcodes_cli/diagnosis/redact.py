"""Mask API secrets in text a user gave us, before any of it is shown or exported."""

from __future__ import annotations

import re

MASK = "[masked]"

_SECRET_KEYS = (
    r"x-mbx-apikey|api[_-]?key|api[_-]?secret|secret[_-]?key|secret|signature|listen[_-]?key"
    r"|private[_-]?key|passphrase|access[_-]?token|refresh[_-]?token|token"
)
# key=value, key: value, "key": "value", 'key': 'value', and JSON escaped inside strings.
_KEYED = re.compile(rf"""(?i)(\b(?:{_SECRET_KEYS})\\?["']?\s*[:=]\s*\\?["']?)([^\s"'\\&,;}})\]]+)""")
_BEARER = re.compile(r"(?i)(\b(?:bearer|basic)\s+)([A-Za-z0-9._~+/=-]{8,})")
# Binance API keys and secrets are 64 letters and digits, listen keys 60, HMAC signatures 64 hex digits.
_LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{56,}(?![A-Za-z0-9])")


def redact(text: str) -> str:
    """Replace secret values (keys, signatures, listen keys, bearer tokens) with [masked]."""
    if not text:
        return text
    text = _KEYED.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    return _LONG_TOKEN.sub(MASK, text)
