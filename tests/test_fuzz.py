"""The article parser's fuzz target (fuzz/fuzz_article.py) runs briefly: no crash, no broken
offset. Skips where atheris (libFuzzer for Python, the dev extra on Linux x86_64) is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FUZZ = ROOT / "fuzz"
RUNS = 1500
SECONDS = 20


def test_fuzz_article_parser_briefly(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed: pip install -e '.[dev]'")
    found = tmp_path / "corpus"  # new inputs go here, not into the seed corpus
    found.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            str(FUZZ / "fuzz_article.py"),
            f"-runs={RUNS}",
            f"-max_total_time={SECONDS}",
            f"-dict={FUZZ / 'article.dict'}",
            f"-artifact_prefix={tmp_path}/",
            "-seed=1",
            str(found),
            str(FUZZ / "corpus"),
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        cwd=tmp_path,
    )
    log = proc.stdout + proc.stderr
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, f"crash inputs: {crashes}\n{log[-4000:]}"
    assert "Done" in log, log[-2000:]
