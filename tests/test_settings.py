"""settings.py: every value typed, frozen and marked with its origin; the README lists them all."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from takediff.settings import (
    AlignSettings,
    CommitmentSettings,
    Settings,
    VerdictSettings,
    describe,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[1]


def test_every_value_says_where_it_comes_from() -> None:
    entries = list(describe())
    assert len(entries) >= 40
    names = [e.name for e in entries]
    assert len(names) == len(set(names))
    for e in entries:
        assert e.origin in {"fitted", "hand-set"}, e.name
        assert e.note.strip(), f"{e.name} has no reason or fitting script"
    for e in (e for e in entries if e.origin == "fitted"):
        # A fitted value names the script that fitted it, and that script exists.
        script = re.search(r"scripts/\w+\.py", e.note)
        assert script and (ROOT / script.group(0)).is_file(), e.note
        assert " on " in e.note, f"{e.name} does not name its development split"


def test_settings_are_frozen_and_replaceable() -> None:
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.align.link_same = 0.9  # type: ignore[misc]
    changed = dataclasses.replace(settings, align=AlignSettings(link_same=0.9))
    assert changed.align.link_same == 0.9 and settings.align.link_same == 0.55
    assert {e.name: e.value for e in describe(changed)}["align.link_same"] == 0.9


def test_lookups_by_kind_and_label() -> None:
    c = CommitmentSettings()
    assert c.cap("hedge") == c.cap_hedge < 0 < c.cap("firm") == c.cap_firm
    assert c.cap("negation") == 0.0  # kinds without a cap do not move the score
    v = VerdictSettings()
    labels = ("contradict", "commitment_gap", "one_sided", "related", "agree")
    weights = [v.weight(label) for label in labels]
    assert weights == sorted(weights, reverse=True) and weights[0] == 1.0 and weights[-1] == 0.0


def test_the_readme_lists_every_setting_with_its_value() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's settings table is stale: paste markdown_table()"


def test_no_stage_keeps_its_own_threshold_constants() -> None:
    """The old module-level constants are gone: each stage reads the settings object."""
    src = ROOT / "src" / "takediff"
    gone = {
        "align.py": ("LINK_CROSS", "LINK_SAME", "MERGE_CENTROID", "MAX_PARTY_MATCHES"),
        "judge.py": ("CONTRADICT_MIN", "ENTAIL_MIN", "UNRELATED_MIN", "RULE_MIN_SIMILARITY"),
        "verdict.py": ("GAP_MIN", "SHARPNESS"),
        "annotate.py": ("BASE_COMMITMENT", "_CAPS"),
        "llm.py": ("HARD_BAND",),
    }
    for module, names in gone.items():
        text = (src / module).read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"^{name}\b", text, re.M), f"{module} still defines {name}"


def test_judge_thresholds_are_those_fitted_with_the_installed_nli_judge() -> None:
    """Once the NLI judge ships, its fitted thresholds (config.json, written by
    training/nli_ship.py on NLI dev) are the settings compare uses, marked fitted."""
    import json

    from takediff.models import NLI_DIR
    from takediff.settings import JudgeSettings

    config = NLI_DIR / "config.json"
    if not (NLI_DIR / "model.onnx").exists():
        pytest.skip("the NLI judge is not installed in src/takediff/models/nli yet")
    fitted = json.loads(config.read_text())["thresholds"]
    judge = JudgeSettings()
    assert judge.contradict_min == fitted["contradict_min"]
    assert judge.entail_min == fitted["entail_min"]
    origins = {e.name: e.origin for e in describe()}
    assert origins["judge.contradict_min"] == origins["judge.entail_min"] == "fitted"
