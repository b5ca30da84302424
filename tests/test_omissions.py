"""takediff eval omissions: BASIL's informational spans land on their words, the scores count
what they say, and a real event is scored for every method and outlet."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import DATA

from takediff.evaluate import omissions
from takediff.evaluate.basil import article_files

needs_data = pytest.mark.skipif(
    not (DATA / "basil").is_dir(),
    reason=f"BASIL not found at {DATA / 'basil'} (clone ../shared beside the repo)",
)


def test_scores_count_overlaps_both_ways() -> None:
    art = omissions.Article("fox", "a1", "", "x" * 100, ((10, 20), (50, 60), (80, 90)))
    by: defaultdict[str, omissions.Counts] = defaultdict(omissions.Counts)
    omissions._score(by, [art], {"a1": [(0, 12), (30, 40), (55, 95)]})
    counts = dict(by)
    c = counts["fox"]
    assert (c.predicted, c.predicted_hit, c.gold, c.gold_hit) == (3, 2, 3, 3)
    assert c.precision == pytest.approx(2 / 3) and c.recall == 1.0
    assert counts["all"].gold == 3
    assert omissions.Counts().precision == 0.0 and omissions.Counts().f1 == 0.0


@needs_data
def test_informational_spans_land_on_their_words() -> None:
    art, ann = article_files(DATA)[0]
    a = omissions._article(art, ann)
    phrases = json.loads(ann.read_text(encoding="utf-8"))["phrase-level-annotations"]
    inf = [p["txt"] for p in phrases if p.get("bias") == "inf"]
    assert [a.text[s:e] for s, e in a.spans] == inf[: len(a.spans)] and len(a.spans) == len(inf)


@needs_data
def test_dev_and_test_events_are_apart_and_whole() -> None:
    dev, test = omissions.events(DATA, "dev"), omissions.events(DATA, "test")
    assert len(dev) + len(test) == 100 and all(len(e) == 3 for e in dev + test)
    assert not {a.id for e in dev for a in e} & {a.id for e in test for a in e}


@needs_data
def test_a_real_event_is_scored_for_every_method(pipeline: object) -> None:
    result = omissions.evaluate(DATA, split="dev", limit=1, pipeline=pipeline)  # type: ignore[arg-type]
    assert result.events == 1 and result.articles == 3
    every = result.methods["every claim"]["all"]
    mine = result.methods["takediff one_sided"]["all"]
    assert every.gold > 0 and every.predicted >= mine.predicted
    assert every.predicted_hit >= mine.predicted_hit  # one_sided claims are some of the claims
    assert "| takediff one_sided | all |" in omissions.table(result)
    here = next(v["all"] for k, v in result.methods.items() if k.startswith("takediff only here"))
    assert here.gold == every.gold and every.predicted >= here.predicted
    assert every.predicted_hit >= here.predicted_hit


@needs_data
def test_the_rows_only_here_is_the_fitted_share_of_only_here_claims(pipeline: object) -> None:
    ((arts, row),) = omissions.compared(DATA, "dev", 1, 0, pipeline)  # type: ignore[arg-type]
    share = pipeline.settings.corpus.only_here_share  # type: ignore[attr-defined]
    mine = omissions.only_here_claims(arts, row, share)
    assert sorted((o["record_id"], o["start"]) for o in row["only_here"]) == sorted(
        (rid, s) for rid, spans in mine.items() for s, _ in spans
    )
    # A higher bar lists fewer claims, a lower one more.
    n = sum(len(v) for v in mine.values())
    assert sum(map(len, omissions.only_here_claims(arts, row, 0.9).values())) < n
    assert sum(map(len, omissions.only_here_claims(arts, row, 0.1).values())) > n


def test_no_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not found"):
        omissions.evaluate(tmp_path, split="all")
