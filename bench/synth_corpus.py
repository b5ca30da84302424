"""Write a synthetic corpus to try `takediff corpus` on (JSONL or Parquet, by the extension).

    python -m bench.synth_corpus 500 news.jsonl [--seed 1] [--no-event-ids]

The generator is ``takediff.corpus.synth`` (the tests use it too): events of two or three
parties about invented towns' bridges, ports and mines, some as news articles quoting two people.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from takediff.corpus.synth import synth_records, write_records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-event-ids", action="store_true", help="let takediff group the records")
    opts = ap.parse_args()
    rows = synth_records(opts.records, seed=opts.seed, event_ids=not opts.no_event_ids)
    write_records(rows, opts.out)
    print(f"{len(rows)} records, {len({r['gold_event'] for r in rows})} events → {opts.out}")


if __name__ == "__main__":
    main()
