from dataclasses import replace

from takediff.types import Claim, Cue, Relation, Topic
from takediff.verdict import decide, topic_verdict


def claim(cid: str, party: str, text: str, commitment: float = 0.7, cues: tuple = ()) -> Claim:
    return Claim(cid, party, "doc", text, 0, len(text), commitment=commitment, cues=cues)


def rel(
    a: Claim,
    b: Claim,
    label: str,
    contradict: float = 0.1,
    entail: float = 0.1,
    similarity: float = 0.4,
) -> Relation:
    scores = {"entail": entail, "contradict": contradict, "neutral": 0.5, "unrelated": 0.1}
    return Relation(a, b, label, scores, "model", "", similarity)  # type: ignore[arg-type]


FIRM = claim(
    "A#1",
    "A",
    "Talks will begin immediately.",
    0.97,
    (Cue("firm", "will", 6, 10, 0.12), Cue("timing_now", "immediately", 17, 28, 0.15)),
)
SOFT = claim(
    "B#1", "B", "Talks are possible in the future.", 0.3, (Cue("hedge", "possible", 10, 18, -0.25),)
)


def test_contradiction_is_checked_before_commitment_gap() -> None:
    topic = Topic("t1", "talks", (FIRM, SOFT))
    v = topic_verdict(topic, [rel(FIRM, SOFT, "contradict", contradict=0.8)], {})
    assert v.label == "contradict" and v.strength == 0.8
    assert "“possible”" in v.explanation  # the gap's hedge still shows as evidence


def test_commitment_gap_quotes_the_cue_words() -> None:
    v = topic_verdict(Topic("t1", "talks", (FIRM, SOFT)), [rel(FIRM, SOFT, "neutral")], {})
    assert v.label == "commitment_gap"
    assert v.strength == round(0.97 - 0.3, 3)
    assert "“immediately”" in v.explanation and "“possible”" in v.explanation


def test_a_date_against_an_open_time_is_named_a_timing_gap() -> None:
    dated = Claim(
        "A#2",
        "A",
        "doc",
        "The crossing will reopen next week.",
        0,
        35,
        commitment=0.9,
        numbers=("next week",),
    )
    text = "The crossing will reopen at an appropriate time."
    vague = claim(
        "B#2", "B", text, 0.5, (Cue("timing_future", "at an appropriate time", 25, 47, -0.15),)
    )
    v = topic_verdict(Topic("t1", "crossing", (dated, vague)), [rel(dated, vague, "neutral")], {})
    assert v.label == "commitment_gap"
    assert "different timing: A says “next week”, B “at an appropriate time”" in v.explanation
    # An amount is no time: without a date the gap is one of firmness alone.
    amount = Claim(
        "A#3",
        "A",
        "doc",
        "It will cost 40 million.",
        0,
        24,
        commitment=0.9,
        numbers=("40 million",),
    )
    v = topic_verdict(Topic("t1", "crossing", (amount, vague)), [rel(amount, vague, "neutral")], {})
    assert v.label == "commitment_gap" and "timing" not in v.explanation


def test_agree_needs_entailment_and_similar_firmness() -> None:
    other = claim("B#2", "B", "Talks will start right away.", 0.95)
    v = topic_verdict(
        Topic("t1", "talks", (FIRM, other)), [rel(FIRM, other, "entail", entail=0.9)], {}
    )
    assert v.label == "agree"
    v = topic_verdict(Topic("t1", "talks", (FIRM, other)), [rel(FIRM, other, "neutral")], {})
    assert v.label == "related"
    # A paraphrase the judge reads as neutral agrees from verdict.agree_similarity on.
    close = rel(FIRM, other, "neutral", similarity=0.8)
    v = topic_verdict(Topic("t1", "talks", (FIRM, other)), [close], {})
    assert v.label == "agree" and "in other words" in v.explanation
    assert v.strength == round(0.8 * (1 - abs(0.97 - 0.95)), 3)


def test_one_sided_and_split_of_unrelated_matches() -> None:
    jobs = claim("A#2", "A", "Trade will create many jobs.", 0.82)
    goal = claim("B#2", "B", "Our aim is to remove the causes of the war.", 0.7)
    topics = (Topic("t1", "talks", (FIRM, SOFT)), Topic("t2", "x", (jobs, goal)))
    verdicts, divergence = decide(
        topics,
        [rel(FIRM, SOFT, "neutral"), rel(jobs, goal, "unrelated")],
        {"A#2": 0.3, "B#2": 0.3, "A#1": 0.7, "B#1": 0.7},
    )
    labels = {(v.label, v.topic.parties) for v in verdicts}
    assert ("one_sided", ("A",)) in labels and ("one_sided", ("B",)) in labels
    assert ("commitment_gap", ("A", "B")) in labels
    assert verdicts[0].label == "commitment_gap"  # sharpest first
    assert 0.0 < divergence <= 1.0


def test_divergence_is_zero_when_all_agree() -> None:
    other = claim("B#2", "B", "Talks will start right away.", 0.97)
    _, divergence = decide(
        (Topic("t1", "talks", (FIRM, other)),), [rel(FIRM, other, "entail", entail=0.95)], {}
    )
    assert divergence == 0.0


def test_different_numbers_in_one_matter_contradict_and_the_same_numbers_do_not() -> None:
    deficit_a = Claim(
        "A#3", "A", "doc", "The deficit will be 3.1 percent.", 0, 33, 0.82, numbers=("3.1",)
    )
    deficit_b = Claim(
        "B#3", "B", "doc", "We put the deficit near 4 percent.", 0, 34, 0.7, numbers=("4",)
    )
    topic = Topic("t1", "deficit", (deficit_a, deficit_b))
    v = topic_verdict(topic, [rel(deficit_a, deficit_b, "neutral", similarity=0.8)], {})
    assert v.label == "contradict" and "different numbers" in v.explanation
    # Far apart in wording, two amounts of one unit are mostly about two things.
    v = topic_verdict(topic, [rel(deficit_a, deficit_b, "neutral", similarity=0.45)], {})
    assert v.label != "contradict"
    pay_a = Claim("A#4", "A", "doc", "The offer is 4 percent.", 0, 23, 0.7, numbers=("4",))
    pay_b = Claim("B#4", "B", "doc", "We offered 4 percent.", 0, 21, 0.7, numbers=("4",))
    # A weak sign of contradiction (under the judge's own bar) does not outweigh equal numbers.
    weak = rel(pay_a, pay_b, "neutral", contradict=0.45, similarity=0.8)
    v = topic_verdict(Topic("t2", "pay", (pay_a, pay_b)), [weak], {})
    assert v.label == "agree"
    v = topic_verdict(
        Topic("t2", "pay", (pay_a, pay_b)), [rel(pay_a, pay_b, "neutral", contradict=0.45)], {}
    )
    assert v.label == "related"  # without equal numbers the same pair would contradict:
    other = Claim("B#5", "B", "doc", "We offered a raise.", 0, 19, 0.7)
    v = topic_verdict(
        Topic("t3", "pay", (pay_a, other)), [rel(pay_a, other, "neutral", contradict=0.45)], {}
    )
    assert v.label == "contradict"


def test_every_against_some_is_a_scope_contradiction_but_every_month_is_not() -> None:
    wide = claim("A#6", "A", "They will lift every tariff on our goods.", 0.82)
    narrow = claim("B#6", "B", "We will remove the tariffs on steel.", 0.82)
    v = topic_verdict(Topic("t1", "tariffs", (wide, narrow)), [rel(wide, narrow, "neutral")], {})
    assert v.label == "contradict" and "different scope" in v.explanation
    often = claim("A#7", "A", "Our teams will swap readings every month.", 0.82)
    monthly = claim("B#7", "B", "The teams will exchange readings each month.", 0.82)
    v = topic_verdict(
        Topic("t2", "data", (often, monthly)), [rel(often, monthly, "neutral", similarity=0.8)], {}
    )
    assert v.label == "agree"
    swap = claim("B#8", "B", "The teams will exchange readings monthly.", 0.82)
    v = topic_verdict(
        Topic("t3", "data", (often, swap)), [rel(often, swap, "neutral", similarity=0.8)], {}
    )
    assert v.label == "agree"  # "every month" is how often, not how many
    rest = claim("A#10", "A", "All that is left of the pledge is a slogan.", 0.82)
    that = claim("B#10", "B", "They said that the pledge still holds.", 0.82)
    v = topic_verdict(
        Topic("t4", "pledge", (rest, that)), [rel(rest, that, "neutral", similarity=0.8)], {}
    )
    assert "different scope" not in v.explanation  # "all that" is a pronoun, no scope


def test_a_reports_contradiction_with_a_statement_is_words_against_deeds() -> None:
    said = claim("A#9", "A", "We ordered an immediate halt to all shelling.", 0.9)
    seen = claim("R#9", "Report", "Shelling continued overnight.", 0.7)
    topic = Topic("t1", "shelling", (said, seen))
    relation = [rel(said, seen, "contradict", contradict=0.9)]
    v = topic_verdict(topic, relation, {}, reports={"Report"})
    assert v.label == "contradict"
    assert v.explanation.startswith("Words against deeds: Report reports “Shelling")
    assert "A's own words “We ordered" in v.explanation
    plain = topic_verdict(topic, relation, {})
    assert not plain.explanation.startswith("Words against deeds")


def test_a_question_or_an_imperative_contradicts_nothing() -> None:
    """The judge reads "please release the crew" against "refuses to release the crew" as
    incompatible; neither a request nor a question asserts anything to contradict."""
    firm = claim("A#1", "A", "The harbour master refuses to release the crew.")
    for modality, text in (("imperative", "Please release the crew."), ("question", "Why?")):
        other = replace(claim("B#1", "B", text), modality=modality)
        v = topic_verdict(
            Topic("t1", "crew", (firm, other)), [rel(firm, other, "contradict", 0.97)], {}
        )
        assert v.label != "contradict", modality
    plea = replace(claim("B#1", "B", "Please release the crew.", 0.2), modality="imperative")
    for label, similarity in (("neutral", 0.4), ("entail", 0.9)):
        relation = rel(firm, plea, label, entail=0.9, similarity=similarity)
        v = topic_verdict(Topic("t1", "crew", (firm, plea)), [relation], {})
        assert v.label == "related", label  # no gap in firmness, no agreement
    plain = claim("B#1", "B", "The crew was released.")
    v = topic_verdict(
        Topic("t1", "crew", (firm, plain)), [rel(firm, plain, "contradict", 0.97)], {}
    )
    assert v.label == "contradict"


def test_only_the_pairs_the_matters_stage_tied_decide_a_topic() -> None:
    """In a topic chained through a third party, two claims the judge reads as incompatible
    but the matters stage never tied are no contradiction of that topic."""
    a = claim("A#1", "A", "The ferry resumed service on Monday.")
    b = claim("B#1", "B", "Ferry crews were paid on Monday.")
    c = claim("C#1", "C", "The ferry strike ended.")
    tied = [replace(rel(a, b, "neutral"), tied=True), replace(rel(a, c, "neutral"), tied=True)]
    loose = replace(rel(b, c, "contradict", contradict=0.97), tied=False)
    topic = Topic("t1", "ferry", (a, b, c))
    assert topic_verdict(topic, [*tied, loose], {}).label != "contradict"
    loose_tied = replace(loose, tied=True)
    assert topic_verdict(topic, [*tied, loose_tied], {}).label == "contradict"


def test_news_reports_take_the_news_bars_by_kind_and_only_their_checks_decide_alone() -> None:
    """Between outlets' reports (``Settings.for_news``) the bar depends on who speaks: two
    quoted parties, an outlet's report against a party's words, or two reports; a check outside
    ``checks_alone`` waits for the bar. In statements every pair takes the one low bar."""
    from takediff.settings import DEFAULT

    statements, news = DEFAULT.verdict, DEFAULT.for_news().verdict
    assert set(news.checks_alone) < set(statements.checks_alone)
    toll_a = Claim("A#6", "A", "doc", "The bridge toll rises in May.", 0, 29, 0.7)
    toll_b = Claim("B#6", "B", "doc", "Drivers crowded the bridge on Sunday.", 0, 37, 0.7)
    topic = Topic("t4", "bridge", (toll_a, toll_b))
    for reports, news_bar in (
        ((), news.contradict_min),
        (("B",), news.report_contradict_min),
        (("A", "B"), news.reports_contradict_min),
    ):
        assert news_bar > statements.contradict_min
        under = rel(toll_a, toll_b, "contradict", contradict=news_bar - 0.01)
        at = rel(toll_a, toll_b, "contradict", contradict=news_bar)
        assert topic_verdict(topic, [under], {}, statements, reports).label == "contradict"
        assert topic_verdict(topic, [under], {}, news, reports).label != "contradict", reports
        assert topic_verdict(topic, [at], {}, news, reports).label == "contradict", reports
    # A check outside the news list decides only with the judge's word (the fit keeps none).
    weak = rel(toll_a, toll_b, "neutral", contradict=0.2)
    for check in ("numbers", "negation"):
        hit = replace(weak, label="contradict", source=f"rule:{check}", reason="a check's reason")
        assert topic_verdict(topic, [hit], {}, statements).label == "contradict"
        alone = check in news.checks_alone
        assert (topic_verdict(topic, [hit], {}, news).label == "contradict") == alone, check


def test_with_inside_min_a_claim_inside_a_longer_copy_of_itself_is_no_contradiction() -> None:
    """The judge reads a quote cut short against its whole as a clash; with ``inside_min`` a
    pair one of whose claims is all inside the other's words is none. A pair one swapped word
    apart still clashes, and statements keep the judge's word. (The news fit chooses between
    off and 1.0; on today's labels it is off: ``scripts/fit_news_contradictions.py``.)"""
    from takediff.settings import DEFAULT
    from takediff.verdict import inside

    statements = DEFAULT.verdict
    news = replace(DEFAULT.for_news().verdict, inside_min=1.0)
    assert statements.inside_min is None
    whole = claim("A#7", "A", "If the board sets the fare for you, you do not set the fare.")
    cut = claim("B#7", "B", "If the board sets the fare for you")
    rose = claim("A#8", "A", "Ferry fares rose sharply on the northern route this spring.")
    fell = claim("B#8", "B", "Ferry fares fell sharply on the northern route this spring.")
    assert inside(whole, cut) == 1.0 and inside(rose, fell) < 1.0
    for a, b, clash_in_news in ((whole, cut, False), (rose, fell, True)):
        judged = rel(a, b, "contradict", contradict=0.96)
        topic = Topic("t5", "fares", (a, b))
        assert topic_verdict(topic, [judged], {}, statements).label == "contradict"
        got = topic_verdict(topic, [judged], {}, news).label == "contradict"
        assert got == clash_in_news, (a.text, b.text)
    # A negated copy is no copy: "not" makes the two clash, found by a check or by the judge.
    open_ = claim("A#9", "A", "a route of their own choosing")
    shut = replace(claim("B#9", "B", "It was not a route of their own choosing."), negated=True)
    assert inside(open_, shut) == 1.0
    for source in ("rule:negation", "model"):
        judged = replace(rel(open_, shut, "contradict", contradict=0.96), source=source)
        verdict = topic_verdict(Topic("t6", "route", (open_, shut)), [judged], {}, news)
        assert verdict.label == "contradict", source
