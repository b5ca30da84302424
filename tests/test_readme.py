"""The README's two set-up commands stay true: CI runs the second one verbatim."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks, inside = [], False
    for line in lines:
        if line.startswith("```"):
            inside = not inside
            continue
        if inside and line.strip():
            blocks.append(line.strip())
    return blocks


def test_ci_runs_the_readme_test_command() -> None:
    install_and_run, test = readme_commands()[:2]
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "examples/" in install_and_run and "takediff compare" in install_and_run


def test_the_module_map_matches_the_tree() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([\w/]+\.py)` \| [^|]+ \| `(test_\w+\.py)` \|$", readme, re.M)
    package = ROOT / "src" / "takediff"
    tree = {str(p.relative_to(package)) for p in package.rglob("*.py")}
    assert {m for m, _ in listed} == tree
    assert len(listed) == len(tree), "a module is listed twice"
    for module, test in listed:
        assert (ROOT / "tests" / test).is_file(), f"{module}: {test} does not exist"
