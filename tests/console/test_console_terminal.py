"""`brief chat` at a terminal (a pseudo-terminal): banner, prompt, a pasted article."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


class Terminal:
    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat"],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env={**env, "TERM": "dumb"},
            cwd=tmp_path,
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def write(self, text: str) -> None:
        os.write(self.master, text.encode())

    def expect(self, fragment: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while fragment not in self.seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{fragment!r} never came; the terminal shows:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"{fragment!r} never came; the terminal shows:\n{self.seen}"
                self.seen += chunk.decode(errors="replace").replace("\r\n", "\n")
        return self.seen

    def close(self) -> tuple[int, str]:
        try:
            code = self.process.wait(timeout=60)
        finally:
            os.close(self.master)
        assert self.process.stderr is not None
        with self.process.stderr:
            return code, self.process.stderr.read().decode()


def test_interactive_paste_and_question(tmp_path: Path, chat_env: dict[str, str]) -> None:
    article = (Path(__file__).parent / "data" / "harbour.txt").read_text()
    terminal = Terminal(tmp_path, chat_env)
    try:
        terminal.expect("Brief: paste an article")
        terminal.expect("> ")
        terminal.write(article.rstrip("\n") + "\n\n")  # one paste, with its empty lines
        terminal.expect("Key terms:")
        terminal.write("Who cut the ribbon?\n")
        terminal.expect("cut the ribbon in front of")
        terminal.write("/list\n")
        terminal.expect("Your articles (1)")
        terminal.write("/quit\n")
        code, stderr = terminal.close()
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
            terminal.process.wait()
        if terminal.process.stderr is not None:
            terminal.process.stderr.close()
    assert code == 0, stderr
    assert "Traceback" not in terminal.seen + stderr
    # One paste is one article, however many paragraphs it has.
    assert terminal.seen.count("#1 · pasted text") == 1
    assert "#2" not in terminal.seen
