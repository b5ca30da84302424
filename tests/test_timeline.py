"""takediff timeline: one party's claims on one topic across a corpus output, by date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from takediff.cli import app
from takediff.corpus import GroupingOptions, corpus
from takediff.corpus.synth import write_records
from takediff.timeline import timeline

MINISTRY, UNION, COUNCIL = "Transport Ministry", "Dockworkers Union", "Regional Council"
#: Input order is not date order: b2 comes first.
RECORDS: list[dict[str, Any]] = [
    {"event": "b2", "date": "2025-01-12", "party": MINISTRY,
     "text": "The Tesk bridge may reopen at some point in the future, if the repairs are "
             "completed. Drivers will keep using the detour."},
    {"event": "b2", "date": "2025-01-12", "party": COUNCIL,
     "text": "The Tesk bridge will reopen on Friday."},
    {"event": "b1", "date": "2025-01-05", "party": MINISTRY,
     "text": "The Tesk bridge will definitely reopen on Monday. Lorries heavier than ten "
             "tonnes will be banned."},
    {"event": "b1", "date": "2025-01-05", "party": UNION,
     "text": "The Tesk bridge will remain closed until the inspections are finished."},
    {"event": "w1", "date": "2025-01-06", "party": MINISTRY,
     "text": "The water plant in Ulmby will resume operations on Friday. Households will get "
             "bottled water until then."},
    {"event": "w1", "date": "2025-01-06", "party": COUNCIL,
     "text": "The water plant in Ulmby may resume operations later, if new pumps arrive."},
    {"event": "b3", "date": "2025-01-20", "party": MINISTRY,
     "text": "We have agreed that the Tesk bridge will reopen on Tuesday."},
    {"event": "b3", "date": "2025-01-20", "party": UNION,
     "text": "The Tesk bridge will stay closed; no date has been agreed."},
]  # fmt: skip
TOPIC = "reopening the Tesk bridge"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timeline")
    rows = [{**r, "id": f"r{i}"} for i, r in enumerate(RECORDS)]
    src = write_records(rows, folder / "news.jsonl")
    out = folder / "reports.jsonl"
    corpus(src, out, workers=1, grouping=GroupingOptions(window_days=30), progress=False)
    return out


def test_timeline_lists_the_partys_claims_on_the_topic_in_date_order(reports: Path) -> None:
    entries = timeline(reports, "ministry", TOPIC)
    assert [e.event for e in entries] == ["b1", "b2", "b3"]
    assert [e.date for e in entries] == ["2025-01-05", "2025-01-12", "2025-01-20"]
    assert all(e.party == MINISTRY and "Tesk bridge" in e.claim for e in entries)
    firm, hedged, agreed = entries
    assert hedged.commitment < 0.5 < firm.commitment and agreed.commitment > 0.5
    assert {e.verdict for e in entries} <= {"contradict", "commitment_gap", "agree", "related"}
    source = {r["id"]: r["text"] for r in ({**r, "id": f"r{i}"} for i, r in enumerate(RECORDS))}
    assert all(source[e.record_id][e.start : e.end] == e.claim for e in entries)
    # the union's words and the ministry's other matters stay out
    assert not timeline(reports, "union", "water plant pumps")
    assert [e.event for e in timeline(reports, "union", TOPIC)] == ["b1", "b3"]


def test_timeline_command_prints_a_table_and_draws_a_plot(reports: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["timeline", str(reports), "--party", "Ministry", "--topic", TOPIC]
    result = runner.invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("| 2025")]
    assert [ln.split(" | ")[1] for ln in lines] == ["b1", "b2", "b3"]
    pytest.importorskip("matplotlib")
    png = tmp_path / "timeline.png"
    result = runner.invoke(app, [*args, "--plot", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_timeline_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["timeline", str(tmp_path / "none.jsonl"), "--party", "x", "--topic", "y"]
    )
    assert result.exit_code == 2 and "no such file" in result.output


def test_an_unknown_party_is_an_error_naming_the_parties_there(reports: Path) -> None:
    result = CliRunner().invoke(
        app, ["timeline", str(reports), "--party", "Harbour Board", "--topic", TOPIC]
    )
    assert result.exit_code == 2
    assert "no party's name" in result.output and MINISTRY in result.output


@pytest.mark.parametrize(
    "content",
    ["not json at all\n", '{"a": 1}\n', "", "[1, 2]\n"],
    ids=["text", "json but not a row", "empty", "a list"],
)
def test_a_file_that_is_not_corpus_output_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(content)
    result = CliRunner().invoke(app, ["timeline", str(path), "--party", "x", "--topic", "y"])
    assert result.exit_code == 2, result.output
    assert "corpus" in result.output and "Traceback" not in result.output
