"""Facts a finding carries beyond its code: what its message and the response's headers state.

The values that filled a message's placeholders (a leverage, a threshold), the filter a `Filter failure`
names with the fields it checks, an IP address, when an IP ban ends, which way a clock is off (-1021),
and the rate-limit headers of the response.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone
from typing import Any

from ..catalog import Catalog
from .redact import redact
from .wording import FILTER_FAILURE_MESSAGE

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_BAN = re.compile(r"banned until (\d{10,13})")
_FALLBACK_API = "/fapi/v1"

_CLOCK_ADVICE = {
    "ahead": "your clock runs more than the 1000 ms tolerance ahead of the server: sync it (NTP) or "
    "subtract the offset measured with GET {api}/time; a larger recvWindow does not help",
    "late": "the request reached the server later than recvWindow after its timestamp: your clock is "
    "behind, or the request was slow to send; sync the clock, stamp just before sending, "
    "and only then consider a larger recvWindow",
}


def _number_or_text(value: str) -> int | float | str:
    """Template values as numbers where they are numbers (threshold 100, leverage 20), else as text."""
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return redact(value)
        return number if math.isfinite(number) else redact(value)


def _ban_facts(stamp: int, now: datetime) -> dict[str, Any]:
    seconds = stamp / 1000 if stamp > 10**11 else float(stamp)
    try:
        until = datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return {}
    minutes = round((until - now).total_seconds() / 60)
    relative = f"in {minutes} minutes" if minutes > 0 else f"{-minutes} minutes ago" if minutes < 0 else "now"
    return {"banned_until": until.strftime("%Y-%m-%dT%H:%M:%SZ"), "ban_ends": relative}


def message_facts(catalog: Catalog, code: int | None, message: str, product: str, now: datetime) -> dict[str, Any]:
    """What a message states: its filter and the filter's fields, an IP, a ban's end, a clock's drift."""
    facts: dict[str, Any] = {}
    failure = FILTER_FAILURE_MESSAGE.search(message)
    if failure:
        name = failure.group(1)
        facts["filter"] = name
        known = catalog.filters.get(product, {}).get(name)
        if known is not None:
            facts["filter_fields"] = list(known.fields)
            facts["filter_check"] = known.check
    ip = _IPV4.search(message)
    if ip:
        facts["ip"] = ip.group(0)
    ban = _BAN.search(message)
    if ban:
        facts.update(_ban_facts(int(ban.group(1)), now))
    if code == -1021:
        variant = "ahead" if "ahead" in message else "late" if "recvWindow" in message else None
        if variant:
            facts["clock"] = variant
            api = catalog.products[product].api if product in catalog.products else _FALLBACK_API
            facts["advice"] = _CLOCK_ADVICE[variant].format(api=api)
    return facts


def header_facts(headers: dict[str, int]) -> dict[str, Any]:
    """Retry-After and the X-MBX- rate-limit counters, as a finding's facts."""
    facts: dict[str, Any] = {}
    for name, value in headers.items():
        if name == "retry-after":
            facts["retry_after"] = value
        else:
            facts.setdefault("rate_limits", {})[name.upper()] = value
    return facts


def placeholder_facts(names: tuple[str, ...], values: tuple[str, ...]) -> dict[str, Any]:
    """The values that filled a message's placeholders, under the placeholders' names."""
    return {name: _number_or_text(value) for name, value in zip(names, values, strict=False)}
