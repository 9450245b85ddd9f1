"""`initialize` answered while pygls and lsprotocol are still being imported.

Importing lsprotocol's types takes most of a language server's start (about 0.3-0.4 s of a
0.45 s start on a quiet machine, far more on a busy one), and pygls cannot read a message
before it. The answer to `initialize` depends only on the server's code (the features it
registers), pygls and lsprotocol, and the client's capabilities. So the answer pygls gives
is kept in the user's cache (``healthlint.usercache``) under a key made of those, and
the next start with the same key sends it at once from a thread that reads the first
message while the main thread imports pygls. The message is then handed to pygls as if it
had just arrived (so the server sets itself up from it, as always) and pygls's own answer to
it, the same, is dropped. Anything unexpected (another first message, no cache, a damaged
entry) falls back to pygls answering, and its answer is kept for the next start.

Only the standard library and ``usercache`` are imported here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from healthlint import usercache

FORMAT = 1
STORE = "answers"  # the file holds the latest answers (a few clients, the tests' among them)
ANSWERS_KEPT = 8
CONTENT_TYPE = "application/vscode-jsonrpc; charset=utf-8"  # as pygls writes it
# the files of the libraries whose code makes the answer (stat'ed: a reinstall changes them)
LIBRARY_FILES = {"pygls": ("capabilities.py", "protocol/language_server.py", "__init__.py"),
                 "lsprotocol": ("types.py", "__init__.py")}


def kept_answers(path: Path) -> dict[str, str]:
    """The answers kept, by key, oldest first."""
    found = usercache.load(path, STORE)
    return dict(found) if isinstance(found, dict) else {}


def entry_path() -> Path | None:
    folder = usercache.folder()
    return folder / f"lsp-initialize-{FORMAT}.marshal" if folder is not None else None


def answer_key(capabilities: Any) -> str | None:
    """What the answer to `initialize` is made from: this Python, the server's own modules,
    the libraries' files and the client's capabilities; None when a library is missing."""
    digest = hashlib.sha256(usercache.python_tag().encode())
    here = Path(__file__).parent
    for name in sorted(os.listdir(here)):
        if name.endswith(".py"):
            digest.update(name.encode() + (here / name).read_bytes())
    for package, files in LIBRARY_FILES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        for name in files:
            try:
                found = (folder / name).stat()
            except OSError:
                return None
            digest.update(f"{package}/{name} {found.st_mtime_ns} {found.st_size}".encode())
    digest.update(json.dumps(capabilities, sort_keys=True).encode())
    return digest.hexdigest()


def frame(body: bytes) -> bytes:
    header = f"Content-Length: {len(body)}\r\nContent-Type: {CONTENT_TYPE}\r\n\r\n"
    return header.encode("ascii") + body


def read_message(stream: BinaryIO) -> tuple[bytes, Any] | None:
    """One message as read (headers and body) and its JSON; None at the end of input or
    when it is not a message with a length."""
    raw, message = read_raw_message(stream)
    return (raw, message) if message is not None else None


class EarlyStart:
    """The first message, read (and answered, when the cache holds its answer) in a thread
    while the caller imports the server; the same thread goes on reading every message into
    ``feed``, which pygls reads, and keeps the messages it reads while ``watching`` (the
    documents opened before pygls is imported: ``firstlint.py``)."""

    def __init__(self, stdin: BinaryIO, stdout: BinaryIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.request_id: Any = None  # the id of `initialize`, when that came first
        self.key: str | None = None
        self.answered = False
        self.result: dict[str, Any] | None = None  # the answer sent from the cache
        self.feed = Feed()
        self.first_read = threading.Event()
        self.watching = True
        self.messages: list[dict[str, Any]] = []  # read while watching, in order
        self.thread = threading.Thread(target=self._read, name="healthlint-lsp-early",
                                       daemon=True)

    def start(self) -> EarlyStart:
        self.thread.start()
        return self

    def _read(self) -> None:
        try:
            self._first()
        finally:
            self.first_read.set()
        try:
            while self.watching:
                raw, message = read_raw_message(self.stdin)
                if raw:
                    self.feed.push(raw)
                if message is None:  # the end, or not a message: pygls reads the rest as ever
                    break
                self.messages.append(message)
            while chunk := _read_some(self.stdin):
                self.feed.push(chunk)
        except Exception:  # noqa: BLE001 - input that cannot be read any more: the end
            pass
        finally:
            self.feed.end()

    def _first(self) -> None:
        try:
            raw, message = read_raw_message(self.stdin)
        except Exception:  # noqa: BLE001 - no usable input here: pygls reads it as ever
            self.watching = False
            return
        if message is None:
            self.watching = False
        try:
            if isinstance(message, dict) and message.get("method") == "initialize" \
                    and "id" in message and isinstance(message.get("params"), dict):
                self.request_id = message["id"]
                self.key = answer_key(message["params"].get("capabilities"))
                self._answer()
        except Exception:  # noqa: BLE001 - a damaged entry or an odd file: pygls answers
            self.answered = False
        self.feed.push(raw)  # after the answer: pygls's own answer to it is then dropped

    def _answer(self) -> None:
        path = entry_path()
        if self.key is None or path is None:
            return
        result = kept_answers(path).get(self.key)
        if not isinstance(result, str):
            return
        answer = json.loads(result)
        body = json.dumps({"id": self.request_id, "jsonrpc": "2.0",
                           "result": answer}).encode("utf-8")
        self.stdout.write(frame(body))
        self.stdout.flush()
        self.result = answer if isinstance(answer, dict) else None
        self.answered = True

    def streams(self) -> tuple[Feed, AnswerFilter]:
        """The input pygls reads (every message, as read here) and the output it writes to
        (its answer to an `initialize` answered here dropped, else kept)."""
        self.first_read.wait()
        self.watching = False
        return self.feed, AnswerFilter(self)


def read_raw_message(stream: BinaryIO) -> tuple[bytes, Any]:
    """One message: the bytes read and its JSON; the JSON is None at the end of input, or when
    the bytes are no message with a length (they are still given, for pygls to read)."""
    raw, length = b"", None
    while True:
        line = stream.readline()
        if not line:
            return raw, None
        raw += line
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return raw, None
    if length is None:
        return raw, None
    body = stream.read(length)
    raw += body
    try:
        message = json.loads(body)
    except ValueError:
        return raw, None
    return raw, message if isinstance(message, dict) else None


def _read_some(stream: BinaryIO) -> bytes:
    read1 = getattr(stream, "read1", None)
    return read1(65536) if read1 is not None else stream.readline()


class Feed:
    """What the early thread read, for pygls's reader (``readline`` and ``read``, blocking
    until the bytes are there or the input has ended)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.ended = False
        self.ready = threading.Condition()

    def push(self, data: bytes) -> None:
        with self.ready:
            self.data += data
            self.ready.notify_all()

    def end(self) -> None:
        with self.ready:
            self.ended = True
            self.ready.notify_all()

    def readline(self) -> bytes:
        with self.ready:
            while (end := self.data.find(b"\n")) < 0 and not self.ended:
                self.ready.wait()
            size = end + 1 if end >= 0 else len(self.data)
            line = bytes(self.data[:size])
            del self.data[:size]
            return line

    def read(self, size: int = -1) -> bytes:
        with self.ready:
            while not self.ended and (size < 0 or len(self.data) < size):
                self.ready.wait()
            size = len(self.data) if size < 0 else min(size, len(self.data))
            data = bytes(self.data[:size])
            del self.data[:size]
            return data


class AnswerFilter:
    """The output stream pygls writes to: until its answer to `initialize` has gone by,
    each message is read; that answer is dropped when it was sent already, else sent and
    kept in the cache for the next start."""

    def __init__(self, early: EarlyStart) -> None:
        self.early = early
        self.stdout = early.stdout
        self.waiting = early.request_id is not None
        self.answered = early.answered  # the client has its answer: the server may warm up

    def write(self, data: bytes) -> int:
        if self.waiting:
            _, _, body = data.partition(b"\r\n\r\n")
            try:
                message = json.loads(body)
            except ValueError:
                message = None
            if isinstance(message, dict) and "method" not in message \
                    and message.get("id") == self.early.request_id:
                self.waiting = False
                if self.early.answered:
                    return len(data)
                self._keep(message)
        self.stdout.write(data)
        return len(data)

    def _keep(self, message: dict[str, Any]) -> None:
        path = entry_path()
        if "result" in message and self.early.key is not None and path is not None:
            answers = kept_answers(path)
            answers.pop(self.early.key, None)
            answers[self.early.key] = json.dumps(message["result"])
            while len(answers) > ANSWERS_KEPT:
                answers.pop(next(iter(answers)))
            usercache.store(path, STORE, answers)

    def flush(self) -> None:
        self.stdout.flush()

    def close(self) -> None:
        self.stdout.close()


def begin() -> EarlyStart:
    """Start reading (and, from the cache, answering) the first message on stdio."""
    return EarlyStart(sys.stdin.buffer, sys.stdout.buffer).start()


__all__ = ["AnswerFilter", "EarlyStart", "Feed", "answer_key", "begin", "read_message",
           "read_raw_message"]
