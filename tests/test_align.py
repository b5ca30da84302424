from takediff.align import align
from takediff.annotate import annotate
from takediff.attribute import make_accounts
from takediff.segment import segment


def claims_of(texts: dict[str, str], nlp: object) -> list:
    return [c for a in make_accounts(texts) for c in annotate(segment(a, nlp))]


def test_paraphrases_are_judged_and_the_closest_pair_comes_first(
    nlp: object, embedder: object
) -> None:
    claims = claims_of(
        {
            "A": "The airport will reopen to civilian flights next week. Wheat exports doubled.",
            "B": "Civilian flights at the airport may resume at some point. The choir sang hymns.",
        },
        nlp,
    )
    result = align(claims, embedder)
    judged = {frozenset((a.text.split()[1], b.text.split()[1])) for a, b in result.pairs}
    assert frozenset(("airport", "flights")) in judged
    assert all(a.party != b.party for a, b in result.pairs)
    by_words = {
        frozenset((a.text.split()[1], b.text.split()[1])): (a.id, b.id) for a, b in result.pairs
    }
    key = by_words[frozenset(("airport", "flights"))]
    cosine, sentence, overlap = result.features[key]
    assert result.similarity[key] == max(cosine, sentence) > 0.5
    assert overlap > 0  # "airport", "civilian", "flights"
    assert result.vectors.shape[0] == len(claims)


def test_pairs_grow_with_claims_not_with_all_pairs(nlp: object, embedder: object) -> None:
    from takediff.settings import AlignSettings

    topics = [
        "taxes",
        "schools",
        "roads",
        "hospitals",
        "water",
        "police",
        "parks",
        "trains",
        "housing",
        "energy",
    ]
    a = " ".join(
        f"The council will raise spending on {t} by {i + 2} percent."
        for i, t in enumerate(topics * 5)
    )
    b = " ".join(
        f"The mayor says {t} funding could grow by {i + 3} percent."
        for i, t in enumerate(topics * 5)
    )
    claims = claims_of({"A": a, "B": b}, nlp)
    assert len(claims) == 100
    result = align(claims, embedder)
    # Each claim is judged against its few nearest per other party: ≤ k·n pairs, not n².
    assert 0 < len(result.pairs) <= AlignSettings().candidates * len(claims)
    assert len(result.pairs) < 50 * 50 / 10


def test_many_parties_judge_the_closest_few_not_every_party(nlp: object, embedder: object) -> None:
    from takediff.settings import AlignSettings

    settings = AlignSettings()
    verbs = ["will reopen", "may reopen", "should reopen", "could reopen", "must reopen"]
    texts = {
        f"Party {i}": f"The northern bridge {verbs[i % 5]} to traffic after repairs, day {i}."
        for i in range(30)
    }
    claims = claims_of(texts, nlp)
    result = align(claims, embedder)
    # Every party against every other would be 30·29/2 = 435 pairs; the cap keeps it linear.
    assert len(result.pairs) <= settings.max_party_matches * settings.candidates * len(claims)
    assert len(result.pairs) < 30 * 29 / 2 * 0.6
    # Each claim is still judged against someone.
    judged = {c.id for pair in result.pairs for c in pair}
    assert judged == {c.id for c in claims}


def test_cluster_groups_one_partys_claims_by_matter(nlp: object, embedder: object) -> None:
    from takediff.align import cluster, embed_claims

    claims = claims_of(
        {
            "A": "The ferry to the island will run every hour. Ferries to the island will sail "
            "hourly from May. The choir sang hymns at the festival.",
            "B": "Nothing else was said today.",
        },
        nlp,
    )
    claims = [c for c in claims if c.party == "A"]
    vecs, _ = embed_claims(claims, embedder)
    assert cluster(vecs) == [[0, 1], [2]]


def test_a_topic_is_labelled_by_the_noun_phrase_its_parties_share(nlp: object) -> None:
    from takediff.align import label_of

    claims = claims_of(
        {
            "A": "The border crossings will reopen immediately.",
            "B": "Our government keeps the border crossings closed until the spring.",
        },
        nlp,
    )
    assert label_of(claims) == "border crossings"
    assert "the" not in label_of(claims).split()
