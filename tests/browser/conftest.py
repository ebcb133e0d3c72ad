"""Browser fixtures: Debian's chromium driven by Playwright against a live server with the seeds.

Playwright's own browser download is never used. When CI=true a browser that cannot
start fails the run instead of skipping it.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# fixtures make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Error as exc:
        playwright.stop()
        message = f"chromium could not start ({executable}): {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def live_url(live_server, transactional_db) -> str:
    """The live server's base URL, with the seeds loaded and the search index rebuilt."""
    call_command("load_issues", str(SEEDS), verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    return live_server.url


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request) -> dict:
    return request.param


@pytest.fixture
def page(browser, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shoot(page, viewport, request):
    """shoot("issue") saves tests/artifacts/<test>-<viewport>-issue.png and returns the path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(name: str) -> Path:
        size = "phone" if viewport["width"] < 600 else "desktop"
        path = ARTIFACTS / f"{request.node.originalname}-{size}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
