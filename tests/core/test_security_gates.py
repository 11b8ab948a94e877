"""CI gates of issue "Security": bandit finds nothing of high severity, and
the pinned dependencies have no known vulnerability (when the vulnerability
database answers)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
PROJECT = [
    "accounts",
    "assignments",
    "calendar_app",
    "config",
    "content",
    "core",
    "courses",
    "forums",
    "tutoring",
]


def test_bandit_reports_no_high_severity_issue():
    result = subprocess.run(
        [str(BIN / "bandit"), "-q", "-r", *PROJECT, "-lll", "-f", "json", "-x", "*/migrations/*"],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    findings = json.loads(result.stdout)["results"]
    assert findings == [], [(f["filename"], f["line_number"], f["test_id"]) for f in findings]


def test_pinned_dependencies_have_no_known_vulnerability():
    result = subprocess.run(
        [
            str(BIN / "pip-audit"),
            "-r",
            "requirements.lock",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        pytest.skip(f"pip-audit could not run: {result.stderr.strip()[-300:]}")
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        pytest.skip("the vulnerability database is not reachable from this machine")
    vulnerable = [(d["name"], d["version"], d["vulns"]) for d in audited if d.get("vulns")]
    assert vulnerable == []
