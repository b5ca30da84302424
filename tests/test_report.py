import json
from pathlib import Path

import jsonschema

import takediff
from takediff.render import render

SCHEMA = json.loads((Path(takediff.__file__).parent / "schema" / "report.schema.json").read_text())


def test_json_matches_schema_and_offsets_point_at_text(example_report, example_texts) -> None:
    data = json.loads(render(example_report, "json"))
    jsonschema.validate(data, SCHEMA)
    texts = {a.party: a.document.text for a in example_report.accounts}
    assert data["claims"]
    for c in data["claims"]:
        assert texts[c["party"]][c["start"] : c["end"]] == c["text"]
        for cue in c["cues"]:
            assert texts[c["party"]][cue["start"] : cue["end"]] == cue["text"]
        for span in (c["timing"], c["condition"]):
            if span:
                assert texts[c["party"]][span["start"] : span["end"]] == span["text"]
    ids = {c["id"] for c in data["claims"]}
    for t in data["topics"]:
        assert set(t["claims"]) <= ids and set(t["evidence"]) <= ids


def test_every_claim_lands_in_exactly_one_topic(example_report) -> None:
    seen = [c.id for v in example_report.verdicts for c in v.topic.claims]
    assert len(seen) == len(set(seen))


def test_topics_are_ranked_sharpest_first(example_report) -> None:
    from takediff.settings import VerdictSettings

    weight = VerdictSettings().weight
    keys = [weight(v.label) * v.strength for v in example_report.verdicts]
    assert keys == sorted(keys, reverse=True)


def test_markdown_escapes_input(stance_model) -> None:
    report = takediff.compare(
        {
            "A|x": "The *vote* will happen <b>today</b> | for sure, and we will win it easily.",
            "B": "The vote could possibly happen at some point later this year, if at all.",
        }
    )
    md = render(report, "markdown")
    assert "<b>" not in md and "\\<b\\>" in md
    assert "A\\|x" in md


def test_text_view_lists_every_party(example_report) -> None:
    text = render(example_report, "text", color=False, width=120)
    for party in example_report.parties:
        assert party in text
    assert example_report.verdicts[0].label.replace("_", " ") in text


def test_a_request_is_in_the_schema_and_contradicts_nothing(pipeline) -> None:
    """End to end with the real models: a party's plea and another's refusal of it (the judge
    reads them as incompatible) share a topic, the plea is an imperative, and the topic is
    related: not a contradiction, nor a gap in firmness, nor an agreement."""
    report = pipeline.compare(
        {
            "Families": "Please let the fishermen go home to their families.",
            "Coast guard": "The coast guard refuses to let the fishermen go home.",
        }
    )
    data = json.loads(render(report, "json"))
    jsonschema.validate(data, SCHEMA)
    plea = next(c for c in data["claims"] if c["party"] == "Families")
    assert plea["modality"] == "imperative"
    (topic,) = (t for t in data["topics"] if plea["id"] in t["claims"])
    assert len(topic["claims"]) == 2 and topic["verdict"] == "related"
