#!/usr/bin/env python3
"""Drives a program in a real pseudo-terminal, as a person at the keyboard would.

    python3 pty_drive.py STEPS.json STDOUT_FILE -- PROGRAM ARGS...

Runs PROGRAM with its standard input and standard error on a new pseudo-terminal
(80x24, its controlling terminal) and its standard output in STDOUT_FILE. STEPS is
a JSON list of steps, each {"expect": TEXT, "send": KEYS}: wait until TEXT shows
on the terminal after what the previous step waited for (escape sequences taken
out), then wait until the program reads the keyboard in raw mode (a prompt is
waiting for a key, so Ctrl-D or Enter is not taken by the line discipline), then
send KEYS. Never a fixed sleep: each wait ends as soon as the screen is there,
or fails after TIMEOUT seconds (env PTY_DRIVE_TIMEOUT, 30 by default).

Prints the terminal's output (escape sequences taken out) on stdout and exits
with the program's exit status (128 + N for a signal N). On a timeout it prints
what it waited for and the screen so far on stderr, kills the program, and exits
99. With PTY_DRIVE_RAW=FILE, also writes the terminal's output as received,
escape sequences included, to FILE. Standard library only.
"""

import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
import fcntl

TIMEOUT = float(os.environ.get("PTY_DRIVE_TIMEOUT", "30"))
# CSI and OSC sequences, and the other two-byte escapes.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def main():
    steps_file, stdout_file = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    with open(steps_file, encoding="utf-8") as f:
        steps = json.load(f)

    pid, master = pty.fork()
    if pid == 0:
        out = os.open(stdout_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.close(out)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    received = bytearray()
    done = [False]

    def screen():
        return ESCAPES.sub("", received.decode("utf-8", "replace"))

    def pump(wait):
        """Reads what the terminal shows, waiting up to `wait` seconds."""
        if done[0]:
            return
        ready, _, _ = select.select([master], [], [], wait)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program closed the terminal
                chunk = b""
            if chunk:
                received.extend(chunk)
            else:
                done[0] = True

    def fail(what):
        # Whatever is still on its way, for the message.
        end = time.monotonic() + 0.5
        while not done[0] and time.monotonic() < end:
            pump(0.1)
        sys.stderr.write(
            f"pty_drive: timed out after {TIMEOUT:.0f} s waiting for {what}\n"
            f"--- the terminal so far:\n{screen()}\n--- end of the terminal\n"
        )
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.exit(99)

    def raw_mode():
        try:
            return not termios.tcgetattr(master)[3] & termios.ICANON
        except termios.error:
            return False

    def send(keys, number, after):
        deadline = time.monotonic() + TIMEOUT
        while not raw_mode():
            if done[0] or time.monotonic() > deadline:
                fail(f"step {number}: the prompt after {after!r} to read a key")
            pump(0.02)
        os.write(master, keys.encode("utf-8"))

    seen = 0
    for number, step in enumerate(steps, 1):
        if "until" in step:
            seen = answer(step, number, seen, screen, pump, fail, done, send)
            continue
        expect = step["expect"]
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = screen().find(expect, seen)
            if found >= 0:
                seen = found + len(expect)
                break
            if done[0] or time.monotonic() > deadline:
                ended = " (the program ended)" if done[0] else ""
                fail(f"step {number}: {expect!r}{ended}")
            pump(0.2)
        send(step["send"], number, expect)

    deadline = time.monotonic() + TIMEOUT
    while not done[0]:
        if time.monotonic() > deadline:
            fail("the program to end")
        pump(0.2)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(screen())
    # The bytes as sent, escape sequences and all, for a test that checks them.
    raw = os.environ.get("PTY_DRIVE_RAW")
    if raw:
        with open(raw, "wb") as f:
            f.write(received)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


# A prompt: `? <question> ›` at the start of a line (dialoguer's theme); a long
# question is wrapped over several lines.
PROMPT = re.compile(r"^\? (.*?) ›", re.MULTILINE | re.DOTALL)


def answer(step, number, seen, screen, pump, fail, done, send):
    """A step {"until": TEXT, "answers": {QUESTION: KEYS}, "otherwise": KEYS}:
    answers each prompt as it comes, in whatever order, with the KEYS of the
    first QUESTION its text contains (else `otherwise`), until TEXT shows. KEYS
    may be a list: one item each time the question is asked."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        text = screen()
        until = text.find(step["until"], seen)
        prompt = PROMPT.search(text, seen)
        if prompt and (until < 0 or prompt.start() < until):
            question = " ".join(prompt.group(1).split())
            keys = next(
                (k for q, k in step["answers"].items() if q in question),
                step["otherwise"],
            )
            # A list: its keys in turn, the last one again if asked more often.
            if isinstance(keys, list):
                keys = keys.pop(0) if len(keys) > 1 else keys[0]
            seen = prompt.end()
            send(keys, number, question)
            deadline = time.monotonic() + TIMEOUT
            continue
        if until >= 0:
            return until + len(step["until"])
        if done[0] or time.monotonic() > deadline:
            ended = " (the program ended)" if done[0] else ""
            fail(f"step {number}: a prompt or {step['until']!r}{ended}")
        pump(0.2)


if __name__ == "__main__":
    main()
