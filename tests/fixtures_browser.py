"""Headless Chromium for the map tests: Debian's ``chromium`` driven by Playwright, offline.

Playwright cannot download its own browser here, so it launches the system binary found on
PATH. Every request that is not ``file://`` (or ``data:``/``blob:``) is aborted and recorded,
so a test can prove the page needs no network.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import pytest

from tests.ci import unavailable

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught exceptions, dialogs, and non-local requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)


def launch_chromium(playwright):
    """Launch the system Chromium (or raise FileNotFoundError when it is not installed)."""
    executable = shutil.which("chromium")
    if not executable:
        raise FileNotFoundError("chromium is not on PATH (Debian: apt-get install chromium)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def watch_page(page) -> PageWatch:
    """Record errors/dialogs on ``page`` and abort every request that would leave the machine."""
    watch = PageWatch()
    page.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def on_route(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            watch.remote_requests.append(url)
            route.abort()

    page.route("**/*", on_route)
    return watch


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session; skips with the reason when it cannot start (fails with CI=true)."""
    if not shutil.which("chromium"):
        unavailable("chromium is not installed (apt-get install chromium); browser tests need it")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except (PlaywrightError, OSError) as exc:  # a broken install: one line with its reason, not a traceback
            unavailable(f"chromium did not start: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page (1400×900) with a ``PageWatch`` attached as ``page.watch``.

    The maps carry a Content-Security-Policy without 'unsafe-eval'; Playwright's polling helpers
    evaluate strings, so this context bypasses the page's CSP (``strict_page`` keeps it).
    """
    context = chromium_browser.new_context(
        viewport={"width": 1400, "height": 900}, service_workers="block", bypass_csp=True
    )
    page = context.new_page()
    page.watch = watch_page(page)
    yield page
    context.close()


@pytest.fixture
def strict_page(chromium_browser):
    """Like ``browser_page`` but the page's own Content-Security-Policy applies."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    page = context.new_page()
    page.watch = watch_page(page)
    yield page
    context.close()
