"""A non-editable install finds the bundled styles (styles/ is shipped as citekit/styles)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REFS, ROOT


def test_installed_package_renders_with_its_styles(tmp_path: Path) -> None:
    if importlib.util.find_spec("wheel") is None or importlib.util.find_spec("setuptools") is None:
        pytest.skip("building needs setuptools and wheel (the test extra installs them)")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "citekit", src / "citekit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "styles", src / "styles", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "site"
    build = subprocess.run(check=False, args=[sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                            "--no-index", "--target", str(target), str(src)],
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    assert (target / "citekit" / "styles" / "harvard.py").is_file()
    code = ("import citekit, citekit.render as r, citekit.store as s;"
            "print(citekit.__file__);"
            "st = s.load_store([r'%s']);"
            "print(r.render_entries(st, [st.get('tavares2016')], 'apa')[0].text);"
            "print(','.join(r.available_styles()))" % (REFS / "library.bib"))
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(check=False, args=[sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    where, text, styles = out.stdout.splitlines()
    assert where.startswith(str(target))
    assert text == "Tavares, R. (2016). Paradiplomacy: Cities and states as global players. Oxford University Press."
    assert {"harvard", "apa", "chicago-author-date"} <= set(styles.split(","))
