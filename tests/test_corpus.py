"""takediff corpus: grouping, exactly-once under SIGKILL, resume checks, formats, engines, bad
input.

The corpus is synthetic (takediff.corpus.synth); the models are the real defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from takediff.corpus import corpus, read_rows
from takediff.corpus.grouping import Checkpoint, Grouper, GroupingOptions
from takediff.corpus.records import Chunk, Record, Rejected, parse_record, read_chunks
from takediff.corpus.state import Journal, state_dir_for
from takediff.corpus.synth import synth_records, write_records
from takediff.errors import StateMismatch


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "takediff.cli", "corpus", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def rows_of(path: Path) -> list[dict[str, Any]]:
    return list(read_rows(path))


def partition(groups: list[list[str]]) -> list[list[str]]:
    return sorted(sorted(g) for g in groups)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    """One event in four without its event id: those are grouped by the clustering. (Template
    texts are far closer to each other than real stories are, so more clustered events at once
    would merge; the grouping's accuracy is measured on real news in test_grouping.py.)"""
    rows = synth_records(48, seed=7)
    for row in rows:
        if int(row["gold_event"][2:]) % 4 == 1:
            del row["event"]
    return rows


@pytest.fixture(scope="module")
def corpus_jsonl(records: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_records(records, tmp_path_factory.mktemp("in") / "news.jsonl")


@pytest.fixture(scope="module")
def clean_out(corpus_jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean run through the CLI on a pool of two worker processes."""
    out = tmp_path_factory.mktemp("clean") / "reports.jsonl"
    proc = cli(str(corpus_jsonl), "--out", str(out), "--workers", "2", "--batch-size", "4")
    assert proc.returncode == 0, proc.stderr
    return out


def test_clean_run_writes_every_event_once_with_offsets_into_records(
    clean_out: Path, records: list[dict[str, Any]]
) -> None:
    rows = rows_of(clean_out)
    gold_of = {r["id"]: r["gold_event"] for r in records}
    made = [[x["id"] for x in row["records"]] for row in rows]
    gold_events = {r["gold_event"] for r in records}
    assert partition(made) == partition(
        [[r["id"] for r in records if r["gold_event"] == g] for g in gold_events]
    )
    assert {row["grouping"] for row in rows} == {"given", "clustered"}
    by_id = {r["id"]: r for r in records}
    for row in rows:
        gold = [r for r in records if r["gold_event"] == gold_of[row["records"][0]["id"]]]
        assert row["event"] == gold[0].get("event", row["event"])
        parties = {r.get("party") for r in gold}
        if len(parties) == 1 and None not in parties:
            assert row["status"] == "too_few_parties" and "needs two" in row["message"]
            continue
        assert row["status"] == "compared", row["message"]
        assert row["date_start"] == min(r["date"] for r in gold)
        assert row["topics"] and 0 <= row["divergence"] <= 1
        for topic in row["topics"]:
            for c in topic["claims"]:
                assert by_id[c["record_id"]]["text"][c["start"] : c["end"]] == c["text"]
    verdicts = {t["verdict"] for row in rows for t in row["topics"]}
    assert "contradict" in verdicts  # "will reopen" against "will remain closed"
    assert not list((state_dir_for(clean_out) / "parts").iterdir())  # OUT holds it all now


def test_sigkill_then_rerun_writes_every_event_exactly_once(
    records: list[dict[str, Any]], corpus_jsonl: Path, clean_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports.jsonl"
    journal = state_dir_for(out) / "journal.sqlite3"
    args = [str(corpus_jsonl), "--out", str(out), "--batch-size", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "takediff.cli", "corpus", *args, "--workers", "1"],
        stderr=subprocess.DEVNULL,
    )
    parts, deadline = 0, time.monotonic() + 120
    while parts < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
        with contextlib.suppress(sqlite3.Error), closing(sqlite3.connect(journal)) as db:
            parts = db.execute("SELECT COUNT(*) FROM parts").fetchone()[0]
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    assert not out.exists()  # no half output is ever visible
    written = [
        json.loads(line)
        for p in sorted((state_dir_for(out) / "parts").glob("*.jsonl"))
        for line in p.read_text().splitlines()
    ]
    assert 0 < len(written) < len(rows_of(clean_out))

    other = cli(*args, "--window-days", "5")
    assert other.returncode == 2 and "E021" in other.stderr and "window_days" in other.stderr
    assert "Traceback" not in other.stderr

    again = cli(*args, "--workers", "1")  # the clean run had 2 workers: same output
    assert again.returncode == 0, again.stderr
    assert "resumed" in again.stderr and f"from {len(records)} records" in again.stderr
    assert "late" not in again.stderr and "skipped" not in again.stderr
    assert out.read_bytes() == clean_out.read_bytes()

    done = cli(*args)
    assert done.returncode == 0 and "nothing to do" in done.stderr
    assert out.read_bytes() == clean_out.read_bytes()


def test_journal_refuses_other_arguments_once_parts_exist(tmp_path: Path) -> None:
    state = tmp_path / "out.jsonl.takediff-state"
    j = Journal.open(state, {"size": 1}, restart=False)
    j.close()
    j = Journal.open(state, {"size": 2}, restart=False)  # nothing written yet: starts over
    (j.parts_dir / "part-000001.jsonl").write_text("{}\n")
    j.commit(1, "part-000001.jsonl", [("e1", "compared", [0, 1])], [(2, "bad")], Checkpoint(3))
    j.close()
    with pytest.raises(StateMismatch, match="size: 2 then, 3 now"):
        Journal.open(state, {"size": 3}, restart=False)
    j = Journal.open(state, {"size": 2}, restart=False)
    assert j.checkpoint() == Checkpoint(3) and j.done_between(0, 9) == {0, 1}
    assert j.has_event("e1") and not j.has_event("e2")
    j.close()
    j = Journal.open(state, {"size": 3}, restart=True)
    assert j.parts() == [] and j.checkpoint() == Checkpoint()
    j.close()


def test_parquet_in_and_out_give_the_same_reports_as_jsonl(
    records: list[dict[str, Any]], clean_out: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    src = write_records(records, tmp_path / "news.parquet")
    out = tmp_path / "reports.parquet"
    result = corpus(src, out, workers=1, batch_size=5, progress=False)
    assert result.events == len(rows_of(clean_out))
    assert pq.ParquetFile(out).schema_arrow.field("topics").type.value_type.num_fields == 5
    assert rows_of(out) == rows_of(clean_out)
    # A resumed run reads Parquet from a record in the middle of a row group.
    first = next(read_chunks(src, start_pos=35, size=8)).items[0]
    assert isinstance(first, Record) and first.pos == 35 and first.id == records[35]["id"]


class _Bag:
    """Fake features: the vector is the text's first word, the entity its second."""

    WORDS = ("bridge", "ferry", "x", "a", "b", "c", "d")

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.WORDS)), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, self.WORDS.index(t.split()[0])] = 1.0
        return out

    def entities(self, texts: Sequence[str]) -> list[set[str]]:
        return [{t.split()[1]} for t in texts]


def _feed(rows: list[dict[str, Any]], **options: Any) -> Grouper:
    grouper = Grouper(GroupingOptions(**options), _Bag())
    items: list[Record | Rejected] = []
    for i, row in enumerate(rows):
        try:
            items.append(parse_record(row, i, 0))
        except ValueError as exc:
            items.append(Rejected(i, str(exc)))
    grouper.feed(Chunk(items, len(items), 0))
    grouper.finish()
    return grouper


def test_events_close_after_the_window_and_late_records_are_counted() -> None:
    rows = [
        {"text": "bridge Tesk one", "date": "2025-01-01"},
        {"text": "bridge Tesk two", "date": "2025-01-02"},
        {"text": "ferry Ulm one", "date": "2025-01-02"},
        {"text": "x y", "event": "E", "party": "A", "date": "2025-01-02"},
        {"text": "bridge Tesk three", "date": "2025-01-09"},  # 7 days on: a new event
        {"text": "x y", "event": "E", "party": "B", "date": "2025-01-09"},  # E closed: late
        {"text": "", "date": "2025-01-09"},
    ]
    grouper = _feed(rows, window_days=3)
    made = {t.key: [r.line for r in t.records] for t in grouper.ready}
    assert made == {"auto-1": [1, 2], "auto-3": [3], "E": [4], "auto-5": [5]}
    # closed in the order their windows ran out, then the rest at the end of input
    assert [t.key for t in grouper.ready] == ["auto-1", "auto-3", "E", "auto-5"]
    (late, late_why), (bad, bad_why) = grouper.skipped
    assert (late, bad) == (5, 6)
    assert late_why.startswith("late: event 'E'") and "no 'text'" in bad_why


def test_undated_events_close_after_window_records() -> None:
    rows = [{"text": f"{w} Tesk"} for w in ("bridge", "a", "b", "c", "bridge", "d", "bridge")]
    made = [[r.line for r in t.records] for t in _feed(rows, window_records=3).ready]
    assert [1] in made and [5, 7] in made


def test_bad_input_says_which_line_and_exits_2_without_a_traceback(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    good = {"id": "a", "text": "The pier will reopen on Friday.", "party": "Port", "event": "e"}
    src.write_text(
        json.dumps(good)
        + "\n"
        + json.dumps({"id": "b", "party": "Union", "event": "e"})
        + "\n"
        + '{"id": "c", "text": "unclosed\n'
        + json.dumps({**good, "id": "d", "party": "Union", "text": "The pier stays shut."})
        + "\n"
    )
    proc = cli(str(src), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2
    assert "line 2" in proc.stderr and "no 'text'" in proc.stderr and "--skip-bad" in proc.stderr
    assert "Traceback" not in proc.stderr
    skip = cli(str(src), "--out", str(tmp_path / "out.jsonl"), "--skip-bad", "--workers", "1")
    assert skip.returncode == 0, skip.stderr
    assert "skipped line 3: not valid JSON" in skip.stderr
    assert "2 bad records skipped" in skip.stderr
    (row,) = rows_of(tmp_path / "out.jsonl")
    assert row["status"] == "compared" and [r["id"] for r in row["records"]] == ["a", "d"]
    for name in ("missing.jsonl", "bad.csv"):
        proc = cli(str(tmp_path / name), "--out", str(tmp_path / "o.jsonl"))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_an_existing_output_is_not_overwritten(clean_out: Path, corpus_jsonl: Path) -> None:
    other = clean_out.parent / "exists.jsonl"
    other.write_text("keep me\n")
    proc = cli(str(corpus_jsonl), "--out", str(other))
    assert proc.returncode == 2 and "E023" in proc.stderr and other.read_text() == "keep me\n"


def test_the_output_may_not_be_the_input_even_with_restart(tmp_path: Path) -> None:
    src = write_records(synth_records(4, seed=3), tmp_path / "news.jsonl")
    before = src.read_bytes()
    for out in (src, tmp_path / "." / "news.jsonl"):
        proc = cli(str(src), "--out", str(out), "--restart")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert "is the input" in proc.stderr and "--out" in proc.stderr
    assert src.read_bytes() == before


def test_ray_engine_gives_the_same_reports_as_local(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    src = write_records(synth_records(14, seed=11), tmp_path / "small.jsonl")
    local = corpus(src, tmp_path / "local.jsonl", workers=1, progress=False)
    proc = cli(str(src), "--out", str(tmp_path / "ray.jsonl"), "--engine", "ray",
               "--workers", "1", "--batch-size", "3")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert local.events >= 5
    assert rows_of(tmp_path / "ray.jsonl") == rows_of(tmp_path / "local.jsonl")


def test_speaker_names_merge_by_last_words_but_party_fields_only_when_equal() -> None:
    from takediff.corpus.event_report import _Party, _party

    parties: list[_Party] = []
    assert _party(parties, "Varga", False) is _party(parties, "Ilse Varga", False)
    assert parties[0].name == "Ilse Varga"
    assert _party(parties, "Harbour Board", True) is _party(parties, "harbour board", True)
    assert _party(parties, "Board", True) is not parties[1]
    assert [p.name for p in parties] == ["Ilse Varga", "Harbour Board", "Board"]
    # Two outlets' spellings of one name: a middle initial, an acronym's dots.
    assert _party(parties, "Ilse M. Varga", False) is parties[0]
    assert _party(parties, "H.B.A.", False) is _party(parties, "HBA", False)
    assert _party(parties, "Anton Varga", False) is not parties[0]  # another first name
    # One outlet's initials for the organisation another spells out, with or without "of".
    union = _party(parties, "the Northern Ferry Transport Union", False)
    assert _party(parties, "the NFTU", False) is union
    assert union.name == "the Northern Ferry Transport Union"
    bank = _party(parties, "BON", False)
    assert _party(parties, "the Bank of Norland", False) is bank
    assert _party(parties, "the B.N.", False) is not bank  # two letters: too short to tell
    assert _party(parties, "the NFU", False) is not union  # a letter short
    # A leading "the" is no word of the name: "the port authority" is the Keldt one.
    keldt = _party(parties, "the Keldt port authority", False)
    assert _party(parties, "the port authority", False) is keldt
    assert _party(parties, "the Sudrean ferry board", False) is not keldt
    # One outlet's speaker cut before its "of"; one word is too little to tell.
    port = _party(parties, "Harbour Authority", False)
    assert _party(parties, "the Harbour Authority of Keldt", False) is port
    assert port.name == "the Harbour Authority of Keldt"
    assert _party(parties, "the Harbour Authority of Sudrea", False) is not port
    assert _party(parties, "Authority", False) is not port


def test_a_record_id_given_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    src = tmp_path / "dupes.jsonl"
    rows = [
        {"id": "a", "text": "The pier will reopen on Friday.", "party": "Port", "event": "e"},
        {"id": "b", "text": "The pier stays shut.", "party": "Union", "event": "e"},
        {"id": "a", "text": "The pier may reopen.", "party": "Union", "event": "e"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = cli(str(src), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "line 3" in proc.stderr and "'a' is given already, on line 1" in proc.stderr
    # skipped and counted with --skip-bad; a resumed read still knows the ids before it
    items = [i for c in read_chunks(src, skip_bad=True) for i in c.items]
    assert [type(i).__name__ for i in items] == ["Record", "Record", "Rejected"]
    resumed = [
        i for c in read_chunks(src, start_pos=2, start_offset=0, skip_bad=True) for i in c.items
    ]
    assert [type(i).__name__ for i in resumed if i.pos == 2] == ["Rejected"]


def test_a_full_disk_is_one_line_and_the_rerun_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from typer.testing import CliRunner

    from takediff.cli import app
    from takediff.corpus import runner

    src = write_records(synth_records(4, seed=5), tmp_path / "news.jsonl")
    out = tmp_path / "out.jsonl"

    def full(rows: object, path: Path, fmt: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as patch:
        patch.setattr(runner, "write_part", full)
        failed = CliRunner().invoke(app, ["corpus", str(src), "--out", str(out)])
    assert (
        failed.exit_code == 2
        and failed.exception is None
        or isinstance(failed.exception, SystemExit)
    )
    assert "No space left on device" in failed.stderr and "rerun the same command" in failed.stderr
    assert failed.stderr.count("\n") == 1 and not out.exists()
    again = CliRunner().invoke(app, ["corpus", str(src), "--out", str(out)])
    assert again.exit_code == 0, again.stderr
    assert len(rows_of(out)) >= 1


@pytest.mark.parametrize("text", ["The pier\u0000 opens on Friday.", "%PDF-1.7\n1 0 obj << >>"])
def test_a_record_of_binary_text_is_refused_as_the_cli_and_api_refuse_it(text: str) -> None:
    from takediff.errors import BinaryInput
    from takediff.ingest import make_document

    with pytest.raises(BinaryInput) as direct:
        make_document(text, source="its 'text'")
    with pytest.raises(ValueError) as record:
        parse_record({"id": "a", "text": text}, 0, 0)
    assert str(record.value) == direct.value.message


def test_outlets_example_groups_stories_and_keeps_quoted_people_apart(tmp_path: Path) -> None:
    """examples/outlets.jsonl: two stories, three outlets; with --outlets the people quoted are
    their own parties, one figure rounded two ways agrees, and boilerplate is no claim."""
    src = Path(__file__).resolve().parents[1] / "examples" / "outlets.jsonl"
    out = tmp_path / "outlets.jsonl"
    proc = cli(str(src), "--out", str(out), "--outlets", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    rows = rows_of(out)
    assert sorted(sorted(r["id"] for r in row["records"]) for row in rows) == [
        ["cd-0512", "hw-0512", "vl-0512"],
        ["cd-0513", "vl-0513"],
    ]
    port = next(row for row in rows if len(row["records"]) == 3)
    assert {"Coastline Daily", "The Veldmar Ledger", "Harbour Wire", "Ansa Pirk"} <= set(
        port["parties"]
    )
    claims = [c for row in rows for t in row["topics"] for c in t["claims"]]
    # The director's words, carried by two outlets, are his and no outlet's.
    pirk = [c for c in claims if "cranes running" in c["text"]]
    assert len(pirk) == 2 and {c["party"] for c in pirk} == {"Ansa Pirk"}
    assert not any(
        "request for comment" in c["text"] or "Reporting by" in c["text"] for c in claims
    )
    assert not any(c["text"].startswith("Veldmar port doubles") for c in claims)  # the title
    # 1.2 million and 1,204,000 crowns are one figure: never a contradiction.
    for t in port["topics"]:
        texts = " ".join(c["text"] for c in t["claims"])
        if "1,204,000" in texts:
            assert t["verdict"] != "contradict"
    # What only one outlet carried: the union chair's job figure, in the Ledger alone, with
    # its words as evidence; the director's sentence, carried by two outlets, is not listed.
    here = {o["text"]: o for o in port["only_here"]}
    jobs = next(o for t, o in here.items() if "300 jobs" in t)
    assert jobs["party"] == "The Veldmar Ledger" and {"300", "job"} <= set(jobs["words"])
    assert not any("cranes running" in t for t in here)
    # Without --outlets each record is its outlet's whole account, quotes included.
    plain = tmp_path / "plain.jsonl"
    assert cli(str(src), "--out", str(plain), "--workers", "1").returncode == 0
    plain_parties = {p for row in rows_of(plain) for p in row["parties"]}
    assert "Ansa Pirk" not in plain_parties


def test_a_spokesperson_one_outlet_quotes_joins_the_government_another_quotes(pipeline) -> None:
    from takediff.corpus.event_report import _parties
    from takediff.corpus.grouping import Checkpoint, EventTask
    from takediff.corpus.records import Record

    # A government's spokeswoman keeps her own name inside her article (a government's party
    # is named by its leader, and none is quoted there); across the event she is Norway's.
    wire = (
        "Norway said on Monday that the Veldmar quay would reopen to its ships in June.\n\n"
        "“Every berth will be open to cargo ships again by the middle of June,” Norway's "
        "foreign ministry said in a statement."
    )
    daily = (
        "Norwegian government spokeswoman Anna Lindqvist said the repairs were on schedule.\n\n"
        "“The divers finished the inspection of the quay walls on Sunday,” Lindqvist said."
    )
    records = tuple(
        Record(i, i, rid, text, party)
        for i, (rid, text, party) in enumerate(
            [("w1", wire, "Harbour Wire"), ("d1", daily, "Coastline Daily")]
        )
    )
    task = EventTask("e1", "given", records, Checkpoint(), 2)
    parties = {p.name: p for p in _parties(task, pipeline, outlets=True)}
    assert "Anna Lindqvist" not in parties
    norway = next(n for n in parties if "Norway" in n)
    assert {rec.id for rec, _ in parties[norway].pieces} >= {"w1", "d1"}
