#!/usr/bin/env python3
"""Save-to-verdict benchmark for the watcher (run by hand, not in the test suite).

For each slice exercise, in a scratch copy of the workbook with the reference solution in
place, it measures after the same edit (a comment appended to the learner file), warm:
  (a) save -> first verdict: the watcher prints its first stage result,
  (b) save -> full verdict: the watcher prints PASSED,
  (c) the floor: plain `cargo test -p <exercise>` after the same edit.
It drives the real `threadlings watch <exercise>` through a pseudo-terminal and prints a
Markdown table of medians, for checker/bench/RESULTS.md.

Usage: python3 checker/bench/save_to_verdict.py [--runs N] [--binary PATH]
(build the binary first: cargo build -p threadlings)
"""
import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SLICE = [
    ("03_locks", "spinlock"),
    ("04_atomics", "message_passing"),
    ("05_hazards", "bank"),
    ("05_hazards", "treiber_stack"),
    ("08_async", "join"),
]


def copy_workbook(to):
    ignore = shutil.ignore_patterns("target", ".threadlings")
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copy(os.path.join(ROOT, name), to)
    for name in ("exercises", "solutions", "checker", "quiz"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(to, name), ignore=ignore)
    for chapter, slug in SLICE:
        shutil.copy(
            os.path.join(to, "solutions", chapter, slug, "src", "lib.rs"),
            os.path.join(to, "exercises", chapter, slug, "src", "lib.rs"),
        )


class Watcher:
    """`threadlings watch SLUG` in a pseudo-terminal, read without blocking."""

    def __init__(self, binary, workbook, slug, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(workbook)
            os.execve(binary, [binary, "--root", workbook, "watch", slug], env)
        self.buffer = ""

    def wait_for(self, text, timeout=600):
        deadline = time.monotonic() + timeout
        while text not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{text!r} not seen; got:\n{self.buffer[-2000:]}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.buffer += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    raise TimeoutError(f"watcher exited; got:\n{self.buffer[-2000:]}")
        return time.monotonic()

    def drain(self):
        self.buffer = ""

    def quit(self):
        os.write(self.fd, b"q")
        os.waitpid(self.pid, 0)


def edit(path, n):
    with open(path, "a") as file:
        file.write(f"// benchmark edit {n}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "threadlings"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    rows = []
    with tempfile.TemporaryDirectory(prefix="threadlings-bench-") as workbook:
        copy_workbook(workbook)
        env = dict(os.environ, NO_COLOR="1", THREADLINGS_STATE_DIR=os.path.join(workbook, ".state"))
        env.pop("THREADLINGS_TARGET_DIR", None)
        edits = 0
        for chapter, slug in SLICE:
            lib = os.path.join(workbook, "exercises", chapter, slug, "src", "lib.rs")
            # The floor first, which also warms the std build.
            floor = []
            for _ in range(args.runs + 1):
                edits += 1
                edit(lib, edits)
                started = time.monotonic()
                subprocess.run(["cargo", "test", "-q", "-p", slug], cwd=workbook, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                floor.append(time.monotonic() - started)
            watcher = Watcher(binary, workbook, slug, env)
            watcher.wait_for("PASSED")  # the start-up check warms the model builds
            first, full = [], []
            for _ in range(args.runs):
                watcher.drain()
                time.sleep(0.3)
                edits += 1
                edit(lib, edits)
                saved = time.monotonic()
                first_at = watcher.wait_for("✓ unit")
                full_at = watcher.wait_for("PASSED")
                first.append(first_at - saved)
                full.append(full_at - saved)
            watcher.quit()
            floor = floor[1:]  # the first run was cold
            rows.append((slug, statistics.median(first), statistics.median(full), statistics.median(floor)))
            print(f"{slug}: first {rows[-1][1]:.2f} s, full {rows[-1][2]:.2f} s, floor {rows[-1][3]:.2f} s",
                  file=sys.stderr)
    print(f"| exercise | (a) save → first verdict | (b) save → full verdict | (c) `cargo test -p` | a / c |")
    print("|---|---|---|---|---|")
    for slug, first, full, floor in rows:
        print(f"| {slug} | {first:.2f} s | {full:.2f} s | {floor:.2f} s | {first / floor:.2f} |")


if __name__ == "__main__":
    main()
