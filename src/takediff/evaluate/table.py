"""Print an evaluation's figures as plain Markdown tables a person can paste into the README."""

from __future__ import annotations

from takediff.evaluate.metrics import ClassReport, RegressionReport


def class_table(report: ClassReport) -> str:
    lines = ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for i, label in enumerate(report.labels):
        lines.append(
            f"| {label} | {report.precision[i]:.3f} | {report.recall[i]:.3f} | "
            f"{report.f1[i]:.3f} | {report.support[i]} |"
        )
    return "\n".join(lines)


def confusion_table(report: ClassReport) -> str:
    head = "| gold \\ predicted | " + " | ".join(report.labels) + " |"
    lines = [head, "|---" * (len(report.labels) + 1) + "|"]
    for i, label in enumerate(report.labels):
        lines.append(f"| {label} | " + " | ".join(str(int(x)) for x in report.confusion[i]) + " |")
    return "\n".join(lines)


def regression_table(rows: list[tuple[str, RegressionReport]], fit: str) -> str:
    """One row per data set: correlations with gold, then errors after the rescale ``fit`` says."""
    lines = [
        f"| set | n | Pearson r | Spearman ρ | MAE ({fit}) | MAE, constant | "
        "bin accuracy | bin majority |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r.n} | {r.pearson:.3f} | {r.spearman:.3f} | {r.mae:.3f} | "
            f"{r.mae_constant:.3f} | {r.bin_accuracy:.3f} | {r.bin_majority:.3f} |"
        )
    return "\n".join(lines)
