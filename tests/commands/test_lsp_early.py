"""`initialize` answered from the user's cache while pygls is imported (commands/lsp/early.py):
the same answer pygls gives, once, and the session goes on as ever."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from healthlint.commands.lsp import early

CAPABILITIES = {"general": {"positionEncodings": ["utf-16"]},
                "textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}}


def message(body: dict[str, Any]) -> bytes:
    return early.frame(json.dumps(body).encode("utf-8"))


def messages(data: bytes) -> list[dict[str, Any]]:
    found = []
    stream = io.BytesIO(data)
    while (read := early.read_message(stream)) is not None:
        found.append(read[1])
    return found


def session(cache: Path, capabilities: dict[str, Any]) -> list[dict[str, Any]]:
    """Start the server, initialize it, ask for a shutdown and exit: what it wrote."""
    stdin = b"".join([
        message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": capabilities,
                            "initializationOptions": {"debounce": 0.01}}}),
        message({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        message({"jsonrpc": "2.0", "method": "exit"}),
    ])
    env = {**os.environ, "HEALTHLINT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "healthlint.lsp"], input=stdin,
                          capture_output=True, env=env, timeout=120, check=False)
    return [m for m in messages(done.stdout) if "id" in m and "method" not in m]


def test_the_second_start_answers_from_the_cache_as_pygls_did(tmp_path: Path) -> None:
    first = session(tmp_path / "cache", CAPABILITIES)
    assert (tmp_path / "cache" / f"lsp-initialize-{early.FORMAT}.marshal").is_file()
    second = session(tmp_path / "cache", CAPABILITIES)
    assert [m["id"] for m in first] == [m["id"] for m in second] == [1, 2]  # one answer each
    assert second[0]["result"] == first[0]["result"]
    assert first[0]["result"]["capabilities"]["positionEncoding"] == "utf-16"
    other = session(tmp_path / "cache", {"general": {"positionEncodings": ["utf-8"]}})
    assert other[0]["result"]["capabilities"]["positionEncoding"] == "utf-8"  # another key
    assert len(early.kept_answers(tmp_path / "cache" / f"lsp-initialize-{early.FORMAT}"
                                  ".marshal")) == 2  # both clients' answers are kept


def test_the_feed_gives_what_was_pushed_as_a_stream_would() -> None:
    feed = early.Feed()
    feed.push(b"Content-Length: 2\r\n\r\n{}li")
    assert feed.readline() == b"Content-Length: 2\r\n"
    assert feed.readline() == b"\r\n"
    assert feed.read(2) == b"{}"
    reader = threading.Thread(target=lambda: got.append(feed.readline()))
    got: list[bytes] = []
    reader.start()  # waits for the rest of the line
    feed.push(b"ne two\nand the rest")
    reader.join(10)
    assert got == [b"line two\n"]
    feed.end()
    assert feed.read(-1) == b"and the rest" and feed.readline() == b"" and feed.read(5) == b""


def test_a_message_that_is_not_one_is_given_on_as_read() -> None:
    stream = io.BytesIO(b"Content-Length: x\r\n\r\nrest")
    assert early.read_raw_message(stream) == (b"Content-Length: x\r\n", None)
    body = message({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    assert early.read_raw_message(io.BytesIO(body)) == (body, json.loads(body.split(b"\r\n\r\n")[1]))


def test_pygls_answer_is_dropped_only_when_sent_already(tmp_path: Path, monkeypatch: Any
                                                        ) -> None:
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    answer = message({"jsonrpc": "2.0", "id": 7, "result": {"capabilities": {}}})
    notice = message({"jsonrpc": "2.0", "method": "window/logMessage", "params": {}})
    for answered in (True, False):
        out = io.BytesIO()
        started = early.EarlyStart(io.BytesIO(), out)  # type: ignore[arg-type]
        started.request_id, started.answered, started.key = 7, answered, "k"
        writer = early.AnswerFilter(started)
        writer.write(notice)
        writer.write(answer)
        writer.write(answer)  # past the first answer, everything goes through
        assert out.getvalue() == notice + answer * (1 if answered else 2)
    stored = tmp_path / f"lsp-initialize-{early.FORMAT}.marshal"
    assert json.loads(early.kept_answers(stored)["k"]) == {"capabilities": {}}
