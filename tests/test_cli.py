"""The CLI as a user runs it: a real subprocess, real files, exit codes and messages."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "takediff.cli", *args], input=stdin, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def json_report() -> dict:
    proc = run(
        "compare",
        str(EXAMPLES / "norland.txt"),
        str(EXAMPLES / "sudrea.txt"),
        "--party",
        "Norland",
        "--party",
        "Sudrea",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_compare_json(json_report: dict) -> None:
    assert json_report["parties"] == ["Norland", "Sudrea"]
    verdicts = {t["verdict"] for t in json_report["topics"]}
    assert "contradict" in verdicts and "one_sided" in verdicts


def test_stdin_and_default_party_names(tmp_path: Path) -> None:
    b = tmp_path / "second_voice.txt"
    b.write_text("The bridge will stay closed for repairs until the autumn.", encoding="utf-8")
    proc = run(
        "compare",
        "-",
        str(b),
        "--format",
        "markdown",
        stdin=b"The bridge will reopen to traffic tomorrow morning.",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "stdin" in out and "second\\_voice" in out


def make(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 binary stuff", "PDF"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (bytes(range(128, 256)) * 20, "encoding"),
    ],
)
def test_bad_input_gives_message_not_traceback(tmp_path: Path, data: bytes, message: str) -> None:
    bad = make(tmp_path, "bad.txt", data)
    proc = run("compare", bad, str(EXAMPLES / "sudrea.txt"))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert message.lower() in err.lower()
    assert "Traceback" not in err


def test_single_party_is_refused() -> None:
    proc = run("compare", str(EXAMPLES / "sudrea.txt"))
    assert proc.returncode == 2
    assert "at least two parties" in proc.stderr.decode()


def test_same_name_twice_is_refused() -> None:
    proc = run("compare", str(EXAMPLES / "sudrea.txt"), str(EXAMPLES / "sudrea.txt"))
    assert proc.returncode == 2 and "more than once" in proc.stderr.decode()


def test_five_megabyte_text_is_refused_clearly(tmp_path: Path) -> None:
    big = make(tmp_path, "big.txt", b"The talks will continue tomorrow. " * 150_000)
    proc = run("compare", big, str(EXAMPLES / "sudrea.txt"))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "--max-chars" in err and "Traceback" not in err


def test_missing_file() -> None:
    proc = run("compare", "no/such/file.txt", str(EXAMPLES / "sudrea.txt"))
    assert proc.returncode == 2 and "no such file" in proc.stderr.decode()


def test_report_party_is_judged_as_deeds_against_words(tmp_path: Path) -> None:
    ministry = tmp_path / "ministry.txt"
    ministry.write_text(
        "We ordered an immediate halt to all shelling of the port.", encoding="utf-8"
    )
    news = tmp_path / "news.txt"
    news.write_text("Shelling of the port continued overnight, residents said.", encoding="utf-8")
    proc = run("compare", str(ministry), str(news), "--report", "news", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["meta"]["reports"] == ["news"]
    (clash,) = [t for t in report["topics"] if t["verdict"] == "contradict"]
    assert clash["explanation"].startswith("Words against deeds: news reports")
    # --news: articles given whole are their outlets' reports, unless --report names some.
    both = run("compare", str(ministry), str(news), "--news", "--format", "json")
    assert both.returncode == 0, both.stderr.decode()
    assert json.loads(both.stdout)["meta"]["reports"] == ["ministry", "news"]
    bad = run("compare", str(ministry), str(news), "--report", "nobody")
    assert bad.returncode == 2
    err = bad.stderr.decode()
    assert "a report must be one of the parties: nobody" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["", "B"], "[E001] a party name is empty"),
        ([" ", "B"], "[E001] a party name is empty"),
        (["A", "A "], "[E006] party name(s) A given more than once"),
    ],
)
def test_blank_or_padded_party_names_are_refused(
    tmp_path: Path, names: list[str], message: str
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The ferry will sail every morning from Monday on the new route.")
    b.write_text("The ferry may sail on some mornings next month if the crews agree.")
    proc = run("compare", str(a), str(b), "--party", names[0], "--party", names[1])
    err = proc.stderr.decode()
    assert proc.returncode == 2 and message in err and "--party" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["compare", "article"])
def test_a_negative_max_chars_is_a_usage_error(tmp_path: Path, command: str) -> None:
    a = tmp_path / "a.txt"
    a.write_text("The ferry will sail every morning from Monday on the new route.")
    files = [str(a), str(a)] if command == "compare" else [str(a)]
    proc = run(command, *files, "--max-chars", "-5")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "--max-chars" in err and "Traceback" not in err


def test_a_declared_encoding_reads_the_file_as_given(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes("Ministr řekl, že most bude v pondělí znovu otevřen.".encode("cp1250"))
    b.write_text("The bridge may reopen later in the year, perhaps.")
    proc = run("compare", str(a), str(b), "--encoding", "cp1250", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["meta"]["encodings"]["a"] == "cp1250"
    assert not any("code page" in n for n in report["meta"]["notices"])  # declared: no guess
    assert any("Ministr řekl" in c["text"] for c in report["claims"])
    bad = run("compare", str(a), str(b), "--encoding", "no-such-codec")
    err = bad.stderr.decode()
    assert bad.returncode == 2 and "E003" in err and "Traceback" not in err


def test_article_merges_are_shown_and_can_be_changed() -> None:
    wire = str(EXAMPLES / "wire.txt")
    merged = run("article", wire, "--format", "json")
    assert merged.returncode == 0, merged.stderr.decode()
    report = json.loads(merged.stdout)
    assert report["parties"] == ["Elena Alvarez", "Tomas Okafor"]
    by_party = {m["party"]: m for m in report["meta"]["merges"]}
    assert set(by_party["Tomas Okafor"]["members"]) == {
        "Tomas Okafor",
        "the Sudrean foreign ministry",
    }
    assert any("one party 'Elena Alvarez'" in n for n in report["meta"]["notices"])
    apart = json.loads(run("article", wire, "--keep-apart", "--format", "json").stdout)
    assert "the Sudrean foreign ministry" in apart["parties"] and apart["meta"]["merges"] == []
    asked = run("article", wire, "--keep-apart", "--merge", "Sudrean=Okafor", "-f", "json")
    parties = json.loads(asked.stdout)["parties"]
    assert "Tomas Okafor" in parties and "the Sudrean foreign ministry" not in parties
    assert "Ivo Renn" in parties  # only what was asked was merged
    bad = run("article", wire, "--merge", "Sudrean")
    err = bad.stderr.decode()
    assert bad.returncode == 2 and "NAME=PARTY" in err and "Traceback" not in err


def test_judge_prints_label_directions_and_checks() -> None:
    proc = run(
        "judge", "The ferry terminal will reopen on Monday.", "The ferry terminal will stay closed."
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "label: contradict" in out and "rule:antonym" in out
    assert "A → B" in out and "B → A" in out and "contradiction" in out
    assert "check fired: antonym" in out


def test_judge_pairs_tsv_writes_json_lines_in_input_order(tmp_path: Path) -> None:
    tsv = tmp_path / "pairs.tsv"
    rows = [
        ("The ferry terminal will reopen on Monday.", "The ferry terminal will stay closed."),
        ('The mayor said "no comment".', "The mayor declined to comment."),
        ("Ticket prices rose by 4 percent.", "The choir sang at the harvest festival."),
    ]
    tsv.write_text("id\ta\tb\n" + "".join(f"{k}\t{a}\t{b}\n" for k, (a, b) in enumerate(rows)))
    proc = run("judge", "--pairs", str(tsv), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(x["a"], x["b"]) for x in lines] == rows
    for x in lines:
        assert x["label"] in ("entail", "neutral", "contradict")
        assert 0.0 <= x["p_contradict"] <= 1.0
    assert lines[0]["label"] == "contradict"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x\ty\none\ttwo\n", "must name columns a and b"),
        ("a\tb\nonly one column\n", "line 2"),
        ("", "empty"),
    ],
)
def test_judge_pairs_refuses_bad_files(tmp_path: Path, content: str, message: str) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(content)
    proc = run("judge", "--pairs", str(tsv))
    assert proc.returncode == 2
    assert message in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


def test_judge_needs_two_claims() -> None:
    proc = run("judge", "Only one claim.")
    assert proc.returncode == 2 and "exactly two claims" in proc.stderr.decode()
