"""Cost of the grouping's lede length, measured in one run: ledes embedded per second at the
old length (500 characters) and the fitted one (``CorpusSettings.lede_chars``), on NeuS dev
articles when ../shared/data is there, else on the synthetic corpus.

    python -m bench.bench_lede [--n 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from takediff.corpus.grouping import lede_of
from takediff.corpus.records import parse_record
from takediff.pipeline import Pipeline
from takediff.settings import CorpusSettings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def texts(n: int) -> list[dict[str, str]]:
    if (DATA / "neus_allsides").is_dir():
        from takediff.evaluate.grouping_data import as_record, load

        return [as_record(a) for a in load("neus", DATA, "dev")[:n]]
    from takediff.corpus.synth import synth_records

    return list(synth_records(n))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    records = [parse_record(r, i, 0) for i, r in enumerate(texts(args.n))]
    embedder = Pipeline().embedder
    embedder.embed(["warm up"])
    fitted = CorpusSettings().lede_chars
    rates: dict[int, list[float]] = {500: [], fitted: []}
    for _ in range(args.rounds):
        for chars in rates:
            ledes = [lede_of(r, chars) for r in records]
            start = time.perf_counter()
            embedder.embed(ledes)
            rates[chars].append(len(ledes) / (time.perf_counter() - start))
    print("| lede | ledes/s, median of rounds |\n|---|---|")
    for chars, r in rates.items():
        print(f"| {chars} characters | {statistics.median(r):.1f} |")
    print(f"\nfitted / 500: {statistics.median(rates[fitted]) / statistics.median(rates[500]):.2f}")


if __name__ == "__main__":
    main()
