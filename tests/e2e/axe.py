"""The accessibility gate: axe-core run on a Playwright page, failing on every violation.

axe-core comes from the npm registry at the exact version in package.json (install it with
`npm ci`); its axe.min.js is read from node_modules, so nothing is fetched while tests run.

The script is injected with `page.evaluate(source)`, not `page.add_script_tag`: a script tag
would be inline and the portal's Content-Security-Policy (script-src 'self') blocks it. An
evaluation through the DevTools protocol is not subject to the page's CSP, so the page keeps its
real policy and the CSP-violation check in test_pages.py still sees every violation the page
itself causes (tests/e2e/test_pages.py checks that injecting axe causes none).
"""

import os
from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 levels A and AA, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Rules switched off for the whole portal: rule id → why. Empty on purpose; an entry must say
# why the rule cannot apply (a comment above it and the reason string), never "to make it pass".
EXEMPT_RULES: dict[str, str] = {}


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        message = f"{AXE_JS} is missing: run `npm ci` in the project folder"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations (any impact)."""
    for rule, reason in EXEMPT_RULES.items():
        assert reason.strip(), f"the axe exemption for {rule} must say why"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in EXEMPT_RULES},
    }
    results = page.evaluate("options => window.axe.run(document, options)", options)
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    """One block per rule: the rule, its impact and help text, then every element with its fix."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_axe_clean(page, where: str = "") -> None:
    """Fail with the rule, the element and the help text for every axe violation on the page."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} accessibility rule(s) broken on "
            f"{where or page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )
