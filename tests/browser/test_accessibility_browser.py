"""axe-core finds no serious or critical accessibility problem on any page of the menu.

axe-core comes from npm (tests/browser/package.json, pinned in its package-lock.json):
``make test`` and ``.ci/run`` install it with ``npm ci``; run alone, this test installs it the
same way, and skips, saying why, only when npm itself is missing. It is injected into each
page (the context bypasses the Content-Security-Policy, which allows no inline script) and run
at 1280 px on every page the admin's menu links to, then at 390 px with the menu open.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.signing_in import browser_login

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail the test (axe also reports "moderate" and "minor").
FAILING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_script() -> str:
    """The source of axe-core, installed from the lock file when it is not there yet."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("the accessibility test needs npm to install axe-core "
                        "(apt-get install npm; .ci/run does)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                       check=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


def serious_violations(tab, axe_script: str) -> list[str]:
    """Runs axe-core on the page in ``tab``; one line per serious or critical violation."""
    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.add_script_tag(content=axe_script)
    results = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in FAILING]


def test_no_serious_violation_on_any_page_of_the_menu(demo, browser, live_server, admin,
                                                      axe_script):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    browser_login(tab, live_server, admin.email)
    menu = tab.get_by_role("navigation", name="Main").get_by_role("link")
    expect(menu.first).to_be_visible()
    addresses = [link.get_attribute("href") for link in menu.all()]
    assert len(addresses) >= 18, addresses
    found = {}
    for address in addresses:
        tab.goto(f"{live_server}{address}")
        expect(tab.get_by_role("heading", level=1)).to_have_count(1)
        problems = serious_violations(tab, axe_script)
        if problems:
            found[address] = problems
    # the phone's menu, open
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{live_server}/")
    tab.get_by_role("button", name="Menu").click()
    expect(tab.get_by_role("navigation", name="Main")).to_be_visible()
    problems = serious_violations(tab, axe_script)
    if problems:
        found["/ at 390 px, menu open"] = problems
    context.close()
    assert found == {}, "\n".join(f"{page}: {line}" for page, lines in found.items()
                                  for line in lines)
