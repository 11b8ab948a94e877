"""The app boundaries hold (pyproject.toml, [tool.importlinter]): core imports
no app, an app reaches another only through its ``api`` module, and the apps
form no import cycle. Checked here as well as by `make lint`, so that the
suite of CI refuses a change that crosses a boundary."""

import subprocess
import sys
from pathlib import Path

from core import hooks

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_named_hook_is_provided_by_an_installed_app():
    """A hook nobody provides would silently show nothing (its default)."""
    assert set(hooks._providers) == set(hooks.HOOKS)
