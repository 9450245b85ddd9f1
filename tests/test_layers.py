"""The installed package: one import name, and layers whose imports point one way.

import-linter reads the contracts in pyproject.toml ([tool.importlinter]) and checks them on a
copy of the package installed the way a user installs it (``pip install``), because the source
folders keep the names the project was specified with (``checks/`` is ``healthlint``,
``scripts/`` is ``healthlint.commands``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site-packages")
    build = tmp_path_factory.mktemp("build")
    source = build / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "*.egg-info", "__pycache__", "tests", "content"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def test_one_top_level_import_name(installed: Path) -> None:
    names = {p.name for p in installed.iterdir() if not p.name.endswith(".dist-info")}
    assert names - {"bin"} == {"healthlint"}
    package = installed / "healthlint"
    assert (package / "data" / "rules" / "claims.toml").is_file()
    assert (package / "commands" / "export" / "rules.toml").is_file()
    assert (package / "commands" / "export" / "templates" / "page.html").is_file()
    assert not (package / "tools").exists()


def test_python_m_healthlint_runs_from_the_installed_copy(installed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run([sys.executable, "-m", "healthlint", "explain", "HL020"],
                            capture_output=True, text=True, env=env, cwd=installed,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "export-slug-invalid" in result.stdout


def test_import_contracts_are_kept(installed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
