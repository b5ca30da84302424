"""Speed of the article path, measured in one run: articles per second for
``takediff.from_article`` (quotes, speakers, accounts) and for the whole article → report path
(``from_article`` + ``compare`` + Markdown rendering, as ``takediff article`` does), on
examples/article.txt and on a seeded sample of BASIL articles when ../shared/data is there.

    python -m bench.bench_article [--basil N]      # prints a Markdown table for the README
    python -m bench.bench_article --against DIR [--rounds R]   # this tree against another

Absolute seconds depend on the machine (the README's figures: 2 cores); the ratio between the
two paths, measured on the same articles in the same run, is what carries across machines.
``--against`` compares this tree's ``article.analyse`` with another checkout's (a git worktree
of an earlier commit): each round times both, one child process each, alternating, on the same
articles; it prints the median rates and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def basil_texts(n: int) -> list[str]:
    """A seeded sample of ``n`` BASIL articles, rebuilt as ``takediff eval basil`` reads them."""
    from takediff.evaluate.basil import article_files, load_article
    from takediff.evaluate.data import sample

    texts = [load_article(a, b).text for a, b in sample(article_files(DATA), n, seed=0)]
    return [t for t in texts if t.strip()]


def rate(texts: list[str], run: Callable[[str], object], repeat: int = 1) -> tuple[float, int]:
    """Articles per second of ``run`` over ``texts`` (median of ``repeat`` passes), and how many
    articles it could take (an article with fewer than two speakers has no report)."""
    from takediff.errors import TooFewParties

    passes, done = [], 0
    for _ in range(repeat):
        seconds, done = 0.0, 0
        for text in texts:
            start = time.perf_counter()
            try:
                run(text)
            except TooFewParties:
                continue
            seconds += time.perf_counter() - start
            done += 1
        passes.append(done / seconds if seconds else 0.0)
    return statistics.median(passes), done


def child(n_basil: int) -> None:
    """Time ``article.analyse`` (the same work for every article, whatever its speakers) and
    print the rates as JSON, with the file takediff was imported from."""
    import takediff
    from takediff.article import analyse
    from takediff.segment import load_nlp

    nlp = load_nlp()
    example = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    analyse(example, nlp=nlp)  # warm up
    rates = {"example": rate([example], lambda t: analyse(t, nlp=nlp), 5)[0]}
    if DATA.joinpath("basil").is_dir():
        rates["basil"] = rate(basil_texts(n_basil), lambda t: analyse(t, nlp=nlp))[0]
    print(json.dumps({"rates": rates, "from": takediff.__file__}))


def against(other: Path, rounds: int, n_basil: int) -> None:
    """This tree against ``other``: alternating child processes, median rates, the ratio."""
    runs: dict[str, list[dict[str, float]]] = {"other": [], "this": []}
    cmd = [sys.executable, "-m", "bench.bench_article", "--child", "--basil", str(n_basil)]
    for _ in range(rounds):
        for side, tree in (("other", other.resolve()), ("this", ROOT)):
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(f"the {side} tree failed:\n{out.stderr[-2000:]}")
            got = json.loads(out.stdout.strip().splitlines()[-1])
            if not got["from"].startswith(str(tree)):
                raise SystemExit(f"the {side} run imported takediff from {got['from']}")
            runs[side].append(got["rates"])
    print(f"| input | {other} analyse, articles/s | this tree, articles/s | this / other |")
    print("|---|---|---|---|")
    for key in runs["this"][0]:
        a = statistics.median(r[key] for r in runs["other"])
        b = statistics.median(r[key] for r in runs["this"])
        name = "examples/article.txt (5 passes)" if key == "example" else f"BASIL, {n_basil}"
        print(f"| {name}, median of {rounds} rounds | {a:.2f} | {b:.2f} | {b / a:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basil", type=int, default=12, help="BASIL articles to time")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=4, help="alternations with --against")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.basil)
    if args.against is not None:
        return against(args.against, args.rounds, args.basil)

    import takediff
    from takediff.render import render
    from takediff.segment import load_nlp

    nlp = load_nlp()

    def analyse_only(text: str) -> object:
        return takediff.from_article(text, nlp=nlp)

    def to_report(text: str) -> object:
        return render(takediff.compare(takediff.from_article(text, nlp=nlp)), "markdown")

    example = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    to_report(example)  # load every model once, outside the timings
    inputs = [("examples/article.txt", [example], 5)]
    if DATA.joinpath("basil").is_dir():
        inputs.append((f"BASIL, seeded sample of {args.basil}", basil_texts(args.basil), 1))
    print(
        "| input | articles | characters / article | from_article, articles/s | "
        "article → report, articles/s | report path slower by |"
    )
    print("|---|---|---|---|---|---|")
    for name, texts, repeat in inputs:
        fast, _ = rate(texts, analyse_only, repeat)
        full, done = rate(texts, to_report, repeat)
        chars = statistics.mean(len(t) for t in texts)
        note = f" (median of {repeat} passes)" if repeat > 1 else ""
        if done < len(texts):
            note += f" ({len(texts) - done} with fewer than two speakers: no report)"
        slower = f"{fast / full:.1f}×" if full else "n/a"
        print(
            f"| {name} | {len(texts)}{note} | {chars:,.0f} | {fast:.2f} | {full:.2f} | {slower} |"
        )
    if not DATA.joinpath("basil").is_dir():
        print(f"\n(BASIL not found at {DATA}: only the bundled example was timed.)")


if __name__ == "__main__":
    main()
