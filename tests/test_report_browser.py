"""The HTML report in a real headless Chromium: loads without console errors, citations open, screenshot made."""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from briefing_examples import hand_story

from newsfuse.compose import compose
from newsfuse.config import BriefSettings
from newsfuse.model import Briefing
from newsfuse.render import render

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--hide-scrollbars"]


def _chromium() -> str:
    """Path of Chromium, installed by scripts/install-browser.sh when missing; skip only if that fails."""
    found = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
    if not found:
        subprocess.run(["sh", str(ROOT / "scripts" / "install-browser.sh")], check=False, timeout=900)
        found = shutil.which("chromium")
    if not found:
        pytest.skip("chromium is not installed and scripts/install-browser.sh could not install it")
    return found


class Page:
    """A minimal Chrome DevTools Protocol client: one page target over one websocket."""

    def __init__(self, ws):
        self.ws, self.next_id, self.events, self.session = ws, 0, [], None

    def send(self, method: str, params: dict | None = None, timeout: float = 20) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 20) -> dict:
        end = time.monotonic() + timeout
        for e in self.events:
            if e.get("method") == method:
                return e
        while time.monotonic() < end:
            e = json.loads(self.ws.recv())
            self.events.append(e)
            if e.get("method") == method:
                return e
        raise TimeoutError(method)

    def js(self, expression: str):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def key(self, key: str, code: str, keycode: int) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": keycode})

    def errors(self) -> list:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(p)
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(p)
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"])
        return out


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    websocket = pytest.importorskip("websocket", reason="websocket-client (dev extra) is needed to drive Chromium")
    exe = _chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("chromium did not start its DevTools endpoint")
        time.sleep(0.1)
    port, path = port_file.read_text().splitlines()[:2]
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=30, suppress_origin=True)
    p = Page(ws)
    target = p.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    p.session = None
    p.session = p.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        p.send(f"{domain}.enable")
    try:
        yield p
    finally:
        ws.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, Briefing]:
    briefing = Briefing(stories=[compose(hand_story(), BriefSettings(embeddings=False))])
    path = tmp_path_factory.mktemp("report") / "briefing.html"
    path.write_text(render(briefing, "html"), encoding="utf-8")
    return path, briefing


def _open(page: Page, path: Path, width: int, height: int, mobile: bool = False) -> None:
    page.send("Emulation.setDeviceMetricsOverride",
              {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    page.events.clear()
    page.send("Page.navigate", {"url": path.as_uri()})
    page.wait_for("Page.loadEventFired")


def _shot(page: Page, name: str, tmp: Path) -> Path:
    data = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, timeout=60)["data"]
    out = Path(os.environ.get("NEWSFUSE_SCREENSHOT_DIR") or tmp) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(data))
    return out


def test_report_loads_without_console_errors_and_runs_no_article_script(page, report):
    path, _ = report
    _open(page, path, 1100, 900)
    assert page.js("document.querySelectorAll('section').length") >= 7
    assert page.js("typeof window.__pwned") == "undefined"  # the hostile article's script never ran
    assert page.errors() == []


def test_clicking_a_citation_shows_the_cited_source_sentence(page, report, tmp_path):
    path, briefing = report
    _open(page, path, 1100, 900)
    first = briefing.stories[0].summary[0]
    box = page.js("(() => { const b = document.querySelector('.summary .cite-btn'); b.scrollIntoView({block: 'center'});"
                  " const r = b.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    pop_visible = "getComputedStyle(document.querySelector('.summary .pop')).display !== 'none'"
    assert page.js(pop_visible) is False
    page.click(*box)
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 2, "y": 2})  # pinned, not just hovered
    assert page.js(pop_visible) is True
    assert page.js("document.querySelector('.summary .cite-btn').getAttribute('aria-expanded')") == "true"
    shown = page.js("document.querySelector('.summary .pop').innerText")
    assert first.evidence[0].text in shown
    assert _shot(page, "report-citation-open.png", tmp_path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.key("Escape", "Escape", 27)
    assert page.js(pop_visible) is False
    # Keyboard: focus the citation and press Enter.
    page.js("document.querySelector('.summary .cite-btn').focus()")
    page.key("Enter", "Enter", 13)
    page.send("Input.dispatchKeyEvent", {"type": "char", "text": "\r"})
    assert page.js("document.querySelector('.summary .cite').classList.contains('open')") is True
    assert page.errors() == []


def test_screenshots_on_desktop_and_phone(page, report, tmp_path):
    path, _ = report
    _open(page, path, 1280, 900)
    desktop = _shot(page, "report-desktop.png", tmp_path)
    assert desktop.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and desktop.stat().st_size > 20_000
    _open(page, path, 390, 844, mobile=True)
    assert page.js("document.documentElement.scrollWidth <= window.innerWidth + 1")  # nothing wider than a phone
    phone = _shot(page, "report-phone.png", tmp_path)
    assert phone.stat().st_size > 20_000
    assert page.errors() == []


def test_print_layout_hides_navigation_and_popups(page, report):
    path, _ = report
    _open(page, path, 1100, 900)
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert page.js("getComputedStyle(document.querySelector('.toc')).display") == "none"
        page.js("document.querySelector('.summary .cite').classList.add('open')")
        assert page.js("getComputedStyle(document.querySelector('.summary .pop')).display") == "none"
    finally:
        page.send("Emulation.setEmulatedMedia", {"media": ""})


def test_seeds_report_renders_in_the_browser(page, seeds_briefing, tmp_path):
    path = tmp_path / "seeds.html"
    path.write_text(render(seeds_briefing, "html"), encoding="utf-8")
    _open(page, path, 1280, 900)
    assert page.js("document.querySelectorAll('.summary .cite-btn').length") >= 3
    assert page.js("document.querySelector('h1').innerText").strip() == seeds_briefing.stories[0].headline
    assert _shot(page, "seeds-report.png", tmp_path).stat().st_size > 20_000
    assert page.errors() == []
