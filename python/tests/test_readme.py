"""The README's Python snippets run as they are written (issue #15, Python
point 9): every ```python block of README.md, each in a fresh namespace and
a fresh working directory. A block preceded by a ``<!-- readme-test: not
run ... -->`` comment is skipped (python/README.md's, which reads the
reader's own files)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"(<!-- readme-test: not run[^>]*-->\s*)?```python\n(.*?)```", re.S)


def blocks(path: Path) -> list[tuple[str, bool]]:
    """The ```python blocks of ``path`` and whether each is run."""
    return [(m.group(2), m.group(1) is None) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


README = blocks(ROOT / "README.md")


def test_the_readme_has_its_python_snippets():
    assert len([b for b, run in README if run]) >= 3
    # python/README.md's one block is marked as not run, and says why.
    assert [run for _, run in blocks(ROOT / "python" / "README.md")] == [False]


@pytest.mark.parametrize("index", range(len(README)))
def test_a_readme_snippet_runs_verbatim(index, tmp_path, monkeypatch, capsys):
    code, run = README[index]
    if not run:
        pytest.skip("marked as not run")
    if "zkcred.scorecard" in code:
        pytest.importorskip("optbinning")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    exec(compile(code, f"README.md python block {index}", "exec"), namespace)
    # What the snippet says it writes is there.
    for name in re.findall(r'"([\w-]+\.png)"', code):
        assert (tmp_path / name).stat().st_size > 0, name
    if "summary()" in code:
        assert "training rows pass" in capsys.readouterr().out
    assert os.getcwd() == str(tmp_path)
