"""Untrusted text never drives the terminal: escape sequences and controls are dropped from
every view a terminal shows, and written as escapes in JSON."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from takediff.terminal import json_printable, printable

ESC = "\x1b"
ATTACKS = {
    "clear screen": f"{ESC}[2J{ESC}[H",
    "window title": f"{ESC}]0;owned{ESC}\\",
    "title, BEL-ended": f"{ESC}]2;owned\x07",
    "hyperlink": f"{ESC}]8;;http://evil.example/{ESC}\\click{ESC}]8;;{ESC}\\",
    "8-bit CSI": "\x9b2J",
    "bidi override": "\u202eevil\u202c",
    "backspace over text": "safe\x08\x08\x08\x08",
    "carriage return": "fine\roverwritten",
}


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_printable_drops_every_sequence(attack: str) -> None:
    out = printable(f"The port reopens {attack} on Monday.")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in out)
    assert "\u202e" not in out and "owned" not in out and "evil.example" not in out
    assert out.startswith("The port reopens ") and out.endswith(" on Monday.")


def test_printable_keeps_text_tabs_and_newlines() -> None:
    text = "Président à la presse:\n\tthe crossing — “now”."
    assert printable(text) == text


def test_json_printable_escapes_but_keeps_every_character() -> None:
    value = {"claim": "a\x9b2J b \u202e c \x7f d \u2028 e"}
    out = json_printable(json.dumps(value, ensure_ascii=False))
    assert not any(0x7F <= ord(ch) <= 0x9F or ch in "\u202e\u2028" for ch in out)
    assert json.loads(out) == value


def _compare(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    hostile = ATTACKS["clear screen"] + ATTACKS["window title"] + ATTACKS["hyperlink"]
    (tmp_path / "a.txt").write_text(
        f"The ferry will sail every morning from Monday.{hostile} The fares will stay the same. "
        "The harbour office will open a second ticket desk for the summer season. Passengers "
        "with bicycles will board first, and the crossing will take forty minutes each way."
    )
    (tmp_path / "b.txt").write_text("The ferry may sail on some mornings. Fares will rise.")
    return _cli(
        "compare",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        "--party",
        f"Port{ATTACKS['title, BEL-ended']}",
        "--party",
        "Ministry",
        *extra,
    )


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "takediff.cli", *args], capture_output=True, timeout=300
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_compare_prints_no_control_characters(tmp_path: Path, fmt: str) -> None:
    proc = _compare(tmp_path, "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert ESC not in out and "\x07" not in out and "owned" not in out
    assert "ferry" in out and "Port" in out


def test_compare_json_escapes_what_it_keeps(tmp_path: Path) -> None:
    proc = _compare(tmp_path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "\x07" not in out and ESC not in out  # json.dumps writes them as \u001b
    report = json.loads(out)
    assert any(ESC in c["text"] or "\x07" in c["party"] for c in report["claims"])


def test_colour_output_keeps_rich_styles_but_not_the_accounts_sequences() -> None:
    from takediff.pipeline import Pipeline
    from takediff.render.text import to_text

    report = Pipeline().compare(
        {
            f"Port{ATTACKS['window title']}": "The ferry will sail every morning from Monday."
            + ATTACKS["clear screen"],
            "Ministry": "The ferry may sail on some mornings.",
        }
    )
    out = to_text(report, color=True)
    assert f"{ESC}[" in out  # rich's own colours
    assert f"{ESC}[2J" not in out and f"{ESC}]" not in out and "owned" not in out


def test_the_timeline_table_drops_sequences_and_rich_markup_stays_text() -> None:
    import io

    from rich.console import Console

    from takediff.timeline import TimelineEntry, rich_table

    entry = TimelineEntry(
        "2026-03-01",
        f"event{ATTACKS['window title']}",
        "Port",
        f"[bold]The ferry sails[/bold] {ATTACKS['clear screen']}daily.",
        0.8,
        "firm",
        "agree",
        "ferry",
        0.7,
        "r1",
        0,
        10,
    )
    buf = io.StringIO()
    Console(file=buf, force_terminal=True, width=200).print(rich_table([entry], "Port", "ferry"))
    out = buf.getvalue()
    assert f"{ESC}[2J" not in out and f"{ESC}]" not in out and "owned" not in out
    assert "[bold]The ferry sails[/bold]" in out  # the claim's brackets are its words


def test_an_unwritable_output_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The ferry will sail every morning from Monday on.")
    (tmp_path / "b.txt").write_text("The ferry may sail on some mornings next month.")
    proc = _cli(
        "compare",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        "-o",
        str(tmp_path / "missing" / "report.md"),
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.startswith("takediff: cannot write the report to") and err.count("\n") == 1
