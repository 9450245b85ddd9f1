"""The exported site in a real browser: headless Chromium (issue 4, "Checked in a real browser").

The pages are served over HTTP from 127.0.0.1 and driven through the Chrome DevTools Protocol
over ``--remote-debugging-pipe`` (NUL-separated JSON on file descriptors 3 and 4), so no
WebSocket package is needed. Checked: no console errors or exceptions, every table-of-contents
link lands on its heading, the disclaimer is visible, the site header (name, navigation) is
at the top and the skip link shows on focus, a page exported with --force shows its notice
above the title, nothing overflows a 1280 px or a 375 px (phone) screen, and full-page
screenshots of an article, the forced page and the index at both widths are written (paths
printed; set HEALTHLINT_ARTIFACTS to choose the folder). Skips only when no Chromium can be
found.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from healthlint.commands.cli import main
from tests.conftest import FIXTURES, TODAY_ARG

EXPORT_FIXTURES = FIXTURES / "export"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--remote-debugging-pipe", "--window-size=1280,900",
         "--hide-scrollbars", "--mute-audio")
TIMEOUT = 30.0


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


# Chromium reads protocol messages from fd 3 and writes to fd 4: put the pipe ends there, exec.
LAUNCH = ("import os, sys; read, write = int(sys.argv[1]), int(sys.argv[2]); "
          "os.dup2(read, 3); os.dup2(write, 4); os.close(read); os.close(write); "
          "os.execvp(sys.argv[3], sys.argv[3:])")


def _above_four(fd: int) -> int:
    """The same pipe end on a descriptor above 4, so moving it to 3 or 4 cannot clobber it."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class DevTools:
    """A minimal Chrome DevTools Protocol client over the remote-debugging pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = map(_above_four, os.pipe())
        self._from_chrome, from_chrome_w = map(_above_four, os.pipe())
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(to_chrome_r), str(from_chrome_w), binary, *FLAGS,
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._from_chrome, 65536)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._changed:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
                self._changed.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        with self._changed:
            if not self._changed.wait_for(lambda: ident in self._replies, TIMEOUT):
                raise TimeoutError(f"no reply to {method}")
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    def wait_event(self, method: str, session: str, after: int) -> None:
        def seen() -> bool:
            return any(e["method"] == method and e.get("sessionId") == session
                       for e in self.events[after:])

        with self._changed:
            if not self._changed.wait_for(seen, TIMEOUT):
                raise TimeoutError(f"no {method} event")

    def close(self) -> None:
        try:
            os.write(self._to_chrome, json.dumps({"id": 0, "method": "Browser.close"})
                     .encode() + b"\0")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            if self.process.poll() is None:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        finally:
            os.close(self._to_chrome)


class Tab:
    def __init__(self, browser: DevTools) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget",
                                    {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(f"{domain}.enable")

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> None:
        mark = len(self.browser.events)
        self.send("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", self.session, mark)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression,
                                                "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def console_errors(self) -> list[str]:
        errors = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"])[:300])
            elif event["method"] == "Runtime.consoleAPICalled" and \
                    params.get("type") in ("error", "assert"):
                errors.append(json.dumps(params.get("args"))[:300])
            elif event["method"] == "Log.entryAdded" and \
                    params["entry"].get("level") == "error":
                errors.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")
        return errors

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png",
                                                    "captureBeyondViewport": True})["data"]
        path.write_bytes(base64.b64decode(data))
        return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium found (looked for $CHROMIUM and " + ", ".join(BROWSERS)
                    + "); on Debian: apt-get install chromium")
    devtools = DevTools(binary, tmp_path_factory.mktemp("chromium-profile"))
    try:
        devtools.send("Browser.getVersion")
        yield devtools
    finally:
        devtools.close()


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("browser-site")
    shutil.copytree(EXPORT_FIXTURES, base / "content")
    # an article with an error finding (a cure claim), published only because of --force
    forced = (EXPORT_FIXTURES / "paracetamol.md").read_text("utf-8").replace(
        "slug: paracetamol", "slug: paracetamol-draft").replace(
        "You can buy it without a prescription.",
        "You can buy it without a prescription. Paracetamol cures arthritis.")
    (base / "content" / "paracetamol-draft.md").write_text(forced, "utf-8")
    out = base / "site"
    code = main(["export", str(base / "content"), "--out", str(out), "--today", TODAY_ARG,
                 "--base-url", "https://health.example.org/", "--force"])
    assert code == 0
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base class name
        pass


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HEALTHLINT_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


TOC_LANDS = """
(async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const results = [];
  for (const link of document.querySelectorAll('nav.toc a')) {
    window.scrollTo(0, 0);
    await frame();
    link.click();
    await frame();
    const id = decodeURIComponent(link.getAttribute('href').slice(1));
    const target = document.getElementById(id);
    const rect = target ? target.getBoundingClientRect() : null;
    const maxScroll = document.documentElement.scrollHeight - window.innerHeight;
    results.push({id, hash: location.hash, tag: target ? target.tagName : null,
                  isTarget: target ? target.matches(':target') : false,
                  top: rect ? rect.top : null, viewport: window.innerHeight,
                  atBottom: window.scrollY >= maxScroll - 1});
  }
  return results;
})()
"""

DISCLAIMER_VISIBLE = """
(() => {
  const aside = document.querySelector('aside.disclaimer');
  if (!aside) return null;
  aside.scrollIntoView({block: 'center'});
  const rect = aside.getBoundingClientRect();
  const style = getComputedStyle(aside);
  const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  return {width: rect.width, height: rect.height, top: rect.top, bottom: rect.bottom,
          viewport: window.innerHeight, display: style.display, visibility: style.visibility,
          opacity: style.opacity, hitInside: aside.contains(hit), text: aside.innerText};
})()
"""


SITE_HEADER = """
(() => {
  const header = document.querySelector('body > header.site-header');
  if (!header) return null;
  const rect = header.getBoundingClientRect();
  const meta = name => {
    const el = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    return el ? el.content : null;
  };
  return {top: rect.top, height: rect.height, name: header.querySelector('.site-name').innerText,
          nav: [...header.querySelectorAll('nav a')].map(a => a.innerText),
          ogTitle: meta('og:title'), ogType: meta('og:type'), ogUrl: meta('og:url'),
          twitter: meta('twitter:card'), robots: meta('robots'),
          notice: document.querySelector('.review-notice') ? true : false};
})()
"""

SKIP_LINK = """
(() => {
  const link = document.querySelector('a.skip-link');
  link.focus();
  const rect = link.getBoundingClientRect();
  return {focused: document.activeElement === link, left: rect.left, top: rect.top,
          target: link.getAttribute('href')};
})()
"""

NOTICE = """
(() => {
  const notice = document.querySelector('.review-notice');
  if (!notice) return null;
  const rect = notice.getBoundingClientRect();
  const heading = document.querySelector('article h1').getBoundingClientRect();
  return {text: notice.innerText, top: rect.top, height: rect.height,
          aboveTitle: rect.bottom <= heading.top, viewport: window.innerHeight,
          robots: document.querySelector('meta[name="robots"]').content};
})()
"""

PHONE = {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


def shoot_both(tab: Tab, url: str, name: str, folder: Path) -> list[Path]:
    """Screenshots of ``url`` at 1280 px and at 375 px (a phone), none wider than its screen."""
    shots = []
    for metrics, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        tab.send("Emulation.setDeviceMetricsOverride", metrics)
        tab.open(url)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {metrics['width']}px screen"
        header = tab.evaluate(SITE_HEADER)
        assert header is not None and header["top"] == 0 and header["height"] > 20, header
        shot = tab.screenshot(folder / f"{name}{suffix}.png")
        print(f"screenshot: {shot}", file=sys.stderr)
        assert shot.stat().st_size > 10_000
        shots.append(shot)
    tab.send("Emulation.clearDeviceMetricsOverride")
    return shots


def test_article_in_chromium(browser: DevTools, served_site: str, tmp_path: Path) -> None:
    tab = Tab(browser)
    tab.open(served_site + "high-blood-pressure/")
    assert tab.evaluate("document.title") == "High blood pressure · Health information"
    header = tab.evaluate(SITE_HEADER)
    assert header == {"top": 0, "height": header["height"], "name": "Health information",
                      "nav": ["All articles"], "ogTitle": "High blood pressure",
                      "ogType": "article",
                      "ogUrl": "https://health.example.org/high-blood-pressure/",
                      "twitter": "summary", "robots": None, "notice": False}, header
    skip = tab.evaluate(SKIP_LINK)
    assert skip["focused"] and skip["left"] >= 0 and skip["top"] >= 0, skip  # shown on focus
    assert skip["target"] == "#content"
    assert tab.evaluate("getComputedStyle(document.body).maxWidth") is not None
    assert tab.evaluate("document.styleSheets.length") == 1  # the stylesheet loaded
    assert tab.evaluate("document.querySelector('img').naturalWidth") == 48

    landings = tab.evaluate(TOC_LANDS)
    assert [entry["id"] for entry in landings] == [
        "overview", "symptoms", "causes", "diagnosis", "treatment", "when-to-see-a-doctor",
        "sources"]
    for entry in landings:
        assert entry["tag"] == "H2" and entry["hash"] == f"#{entry['id']}", entry
        assert entry["isTarget"], entry
        assert 0 <= entry["top"] < entry["viewport"], entry
        assert entry["top"] <= 24 or entry["atBottom"], entry

    disclaimer = tab.evaluate(DISCLAIMER_VISIBLE)
    assert disclaimer is not None, "no <aside class=disclaimer>"
    assert disclaimer["width"] > 100 and disclaimer["height"] > 20, disclaimer
    assert 0 <= disclaimer["top"] and disclaimer["bottom"] <= disclaimer["viewport"], disclaimer
    assert disclaimer["display"] != "none" and disclaimer["visibility"] == "visible"
    assert float(disclaimer["opacity"]) == 1.0 and disclaimer["hitInside"], disclaimer
    assert "not a substitute for professional medical advice" in disclaimer["text"]

    shoot_both(tab, served_site + "high-blood-pressure/", "article-high-blood-pressure",
               artifacts(tmp_path))
    assert tab.console_errors() == []


def test_forced_page_in_chromium(browser: DevTools, served_site: str, tmp_path: Path) -> None:
    tab = Tab(browser)
    tab.open(served_site + "paracetamol-draft/")
    notice = tab.evaluate(NOTICE)
    assert notice is not None, "a page exported with --force has no review notice"
    assert "did not pass review" in notice["text"] and notice["aboveTitle"], notice
    assert 0 <= notice["top"] < notice["viewport"] and notice["height"] > 20, notice
    assert notice["robots"] == "noindex"
    shoot_both(tab, served_site + "paracetamol-draft/", "article-forced", artifacts(tmp_path))
    assert tab.console_errors() == []


def test_index_in_chromium(browser: DevTools, served_site: str, tmp_path: Path) -> None:
    tab = Tab(browser)
    tab.open(served_site)
    groups = tab.evaluate("[...document.querySelectorAll('section h2')].map(h => h.textContent)")
    assert groups == ["Conditions", "Medicines"]
    links = tab.evaluate("[...document.querySelectorAll('main a')].map(a => a.href)")
    assert links == [served_site + "high-blood-pressure/", served_site + "paracetamol/",
                     served_site + "paracetamol-draft/"]
    assert tab.evaluate("document.title") == "Health information"
    flagged = tab.evaluate("[...document.querySelectorAll('.review-flag')]"
                           ".map(p => p.closest('li').querySelector('a').href)")
    assert flagged == [served_site + "paracetamol-draft/"]
    shoot_both(tab, served_site, "index", artifacts(tmp_path))
    tab.open(links[1])
    assert tab.evaluate("document.querySelector('h1').textContent") == \
        "Paracetamol (acetaminophen)"
    assert tab.console_errors() == []
