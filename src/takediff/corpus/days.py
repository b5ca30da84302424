"""The days a news text says its events happened on: when, not only what, tells stories apart.

A running affair is many stories ("the bill is unveiled on Monday", "the Senate passes it on
Wednesday"), and their ledes read alike; one story reported a day later ("on Monday, the bill
was unveiled") names the same day as the first report. So two articles whose ledes name a
common day are likelier one story (``GroupingOptions.weight_shared_day``). A news text
names days by weekday, relative to its own date: "on Tuesday" in an article dated Wednesday is
the day before. Each weekday named is read as the latest such day on or before the text's date
(news reports what has happened; a preview's "on Friday" is then read as last Friday, and
simply fails to match); "today" and "tonight" are the date itself, "yesterday" the day before.

The days are kept as a bit mask (one bit per day number modulo 63), so the grouping compares
a record with every open record in one vectorised AND. Two days 63 apart share a bit, which
the grouping's window of a few days never brings together.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_NAMED = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday)\b",
    re.IGNORECASE,
)


def days_named(text: str, day: int | None) -> list[int]:
    """The day numbers (``date.toordinal()``) that ``text`` names, relative to its own ``day``;
    none for an undated text."""
    if day is None:
        return []
    weekday = dt.date.fromordinal(day).weekday()
    out: list[int] = []
    for m in _NAMED.finditer(text):
        word = m.group(1).lower()
        if word in ("today", "tonight"):
            out.append(day)
        elif word == "yesterday":
            out.append(day - 1)
        else:
            out.append(day - (weekday - WEEKDAYS.index(word)) % 7)
    return out


def day_mask(text: str, day: int | None) -> int:
    """``days_named`` as a bit mask (a signed 64-bit value: bit ``n % 63``)."""
    mask = 0
    for d in days_named(text, day):
        mask |= 1 << (d % 63)
    return mask
