"""Print an evaluation's figures as plain Markdown tables a person can paste into the README."""

from __future__ import annotations

from takediff.evaluate.metrics import ClassReport


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
