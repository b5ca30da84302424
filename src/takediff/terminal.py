"""Untrusted text on its way to a terminal, without the characters that drive it.

An account, a party name or a file name may carry escape sequences: clear the screen, move the
cursor over what was printed, set the window title, plant a hyperlink (OSC 8), or reverse the
order of what follows (bidirectional overrides). Rich escapes its own markup, not these, so
every view a terminal shows passes the untrusted parts through ``printable`` first; JSON keeps
every character, with the ones a terminal would act on written as ``\\u`` escapes.
"""

from __future__ import annotations

import re

#: Whole escape sequences first, so their parameters do not survive as text: OSC (title,
#: hyperlink) up to BEL or ST, CSI (cursor, colour, clear), DCS/SOS/PM/APC strings, and a lone
#: ESC with its one final byte; then the 8-bit CSI and OSC forms.
_SEQUENCES = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
#: C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
#: overrides and isolates (U+202A–U+202E, U+2066–U+2069).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What json.dumps(ensure_ascii=False) leaves raw that a terminal would still act on.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without escape sequences and control characters (tabs and newlines stay)."""
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def json_printable(text: str) -> str:
    """A JSON document with the characters a terminal acts on written as ``\\uXXXX``: the same
    JSON once parsed (they can only occur inside strings; json.dumps escapes C0 already)."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
