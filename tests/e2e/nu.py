"""The Nu HTML Checker (vnu.jar, the W3C validator's engine) over the pages the gate visits.

vnu.jar comes from the npm registry at the exact version in package.json (`npm ci`; its
postinstall script, which would download a Java runtime, is not needed: the machine's `java`
runs it; Debian's default-jre-headless). Every page is checked in one run: starting the JVM
costs seconds, checking a page milliseconds.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def nu_errors(documents: dict[str, bytes]) -> list[str]:
    """Check each HTML document (name → the bytes the server sent); one line per error."""
    if not VNU_JAR.exists():
        _missing(f"{VNU_JAR} is missing: run `npm ci` in the project folder")
    java = shutil.which("java")
    if java is None:
        _missing("java is missing (apt-get install default-jre-headless)")
    names = list(documents)
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, name in enumerate(names):
            files.append(Path(folder) / f"{number}.html")
            files[-1].write_bytes(documents[name])
        command = [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files),
        ]
        result = subprocess.run(command, capture_output=True, timeout=300)
    report = json.loads(result.stderr)
    errors = []
    for message in report["messages"]:
        if message["type"] == "info" and message.get("subType") != "fatal":
            continue  # warnings (--errors-only leaves few)
        stem = Path(message.get("url", "")).stem
        where = names[int(stem)] if stem.isdigit() else "vnu"
        errors.append(f"{where} line {message.get('lastLine')}: {message['message']}")
    return errors
