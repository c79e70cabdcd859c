#!/usr/bin/env python3
"""Save-to-verdict benchmark for the watcher (run by hand, not in the test suite).

Warm (`--warm`, the default part): for each slice exercise, in a scratch copy of the workbook
with the reference solution in place, after the same edit (a comment appended to the learner
file), once every build has run:
  (a) save -> first verdict: the watcher prints its first stage result,
  (b) save -> full verdict: the watcher prints PASSED,
  (c) the floor: plain `cargo test -p <exercise>` after the same edit,
  (f) the compile floor: `cargo build -p <exercise> --test unit` after the same edit.
First run (`--first-run`): a scratch copy of the workbook as a learner clones it (no target
folder, the shipped exercises), started with `cargo run` as the README says:
  (d) start -> first verdict: `cargo run` builds threadlings, the watcher builds and checks
      the first exercise and prints its verdict (FAILED on the shipped code),
  (e) fixing save -> PASSED: after a pause (a learner reading the README and writing the
      code, `--pause` seconds), the reference solution is saved over the learner's file.
  With (d), the CPU time (user + sys, Linux) that `cargo run` had used by the first verdict:
  cargo, every compiler it ran, the watcher and its builds and tests. Unlike the wall time,
  it hardly moves when other work shares the machine.
It drives the real watcher through a pseudo-terminal and prints Markdown tables of medians,
for checker/bench/RESULTS.md, and the load average before and after, since the machine may
be shared.

The warm part measures the five slice exercises by default; `--exercise SLUG` (repeatable)
or `--all` measures others (a whole chapter: `--chapter atomics`), and `--no-floor` skips (c)
and (f), which take most of the time, when only the watcher's own figures are wanted.

Usage: python3 checker/bench/save_to_verdict.py [--runs N] [--binary PATH] [--warm]
       [--first-run] [--pause SECONDS] [--exercise SLUG ... | --chapter NAME ... | --all]
       [--no-floor]
(build the binary first for --warm: cargo build -p threadlings)
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
import tomllib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SLICE = [
    ("03_locks", "spinlock"),
    ("04_atomics", "message_passing"),
    ("05_hazards", "bank"),
    ("05_hazards", "treiber_stack"),
    ("08_async", "join"),
]


def every_exercise():
    """(chapter folder, slug) of every exercise, in course order (folders sort by chapter)."""
    found = []
    exercises = os.path.join(ROOT, "exercises")
    for chapter in sorted(os.listdir(exercises)):
        folder = os.path.join(exercises, chapter)
        if not os.path.isdir(folder) or not chapter[:1].isdigit():
            continue
        for slug in os.listdir(folder):
            manifest = os.path.join(folder, slug, "exercise.toml")
            if os.path.isfile(manifest):
                with open(manifest) as file:
                    order = next((int(line.split("=")[1]) for line in file
                                  if line.startswith("order")), 0)
                found.append((chapter, order, slug))
    return [(chapter, slug) for chapter, _, slug in sorted(found)]


def chosen_exercises(args):
    """The exercises the warm part measures: the slice unless told otherwise."""
    if args.all:
        return every_exercise()
    if args.chapter:
        return [(chapter, slug) for chapter, slug in every_exercise()
                if chapter.split("_", 1)[-1] in args.chapter]
    if args.exercise:
        by_slug = {slug: (chapter, slug) for chapter, slug in every_exercise()}
        unknown = [slug for slug in args.exercise if slug not in by_slug]
        if unknown:
            sys.exit(f"unknown exercise(s): {', '.join(unknown)}")
        return [by_slug[slug] for slug in args.exercise]
    return SLICE


def copy_workbook(to, solved=True, exercises=SLICE):
    ignore = shutil.ignore_patterns("target", ".threadlings")
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copy(os.path.join(ROOT, name), to)
    for name in ("exercises", "solutions", "checker", "quiz"):
        shutil.copytree(os.path.join(ROOT, name), os.path.join(to, name), ignore=ignore)
    if solved:
        for chapter, slug in exercises:
            solve(to, chapter, slug)


def solve(workbook, chapter, slug):
    """Saves the reference solution over each learner file the manifest names, one write each
    (most exercises have one, `src/lib.rs`; some keep the judge's code apart, e.g. `src/policy.rs`)."""
    exercise = os.path.join(workbook, "exercises", chapter, slug)
    with open(os.path.join(exercise, "exercise.toml"), "rb") as file:
        files = tomllib.load(file).get("files", ["src/lib.rs"])
    for name in files:
        with open(os.path.join(workbook, "solutions", chapter, slug, name)) as file:
            code = file.read()
        with open(os.path.join(exercise, name), "w") as file:
            file.write(code)


def cpu_seconds(pid):
    """User + sys seconds of a live process and of the children it has waited for (Linux:
    /proc/PID/stat), or None. `cargo run` execs the watcher in the same process, so this
    counts cargo's compilers as well as the watcher's own builds and tests."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the name: state is field 3, utime..cstime are fields 14-17.
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


class Watcher:
    """A watcher (`argv`) in a pseudo-terminal, read without blocking."""

    def __init__(self, argv, workbook, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(workbook)
            os.execvpe(argv[0], argv, env)
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


def compile_floor(workbook, lib, slug, env, runs, edits):
    """(f): what the compiler alone needs for the unit test binary after the same edit."""
    times = []
    target = os.path.join(workbook, "target", "threadlings")
    for _ in range(runs + 1):
        edits += 1
        edit(lib, edits)
        started = time.monotonic()
        subprocess.run(["cargo", "build", "-q", "-p", slug, "--test", "unit",
                        "--target-dir", target], cwd=workbook, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.monotonic() - started)
    return statistics.median(times[1:]), edits


def first_run(runs, pause):
    """(d) and (e), each run on a fresh copy of the workbook."""
    rows = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="threadlings-first-") as workbook:
            copy_workbook(workbook, solved=False)
            env = dict(os.environ, NO_COLOR="1")
            for name in ("CARGO_TARGET_DIR", "THREADLINGS_TARGET_DIR", "THREADLINGS_STATE_DIR"):
                env.pop(name, None)
            before = load()
            started = time.monotonic()
            watcher = Watcher(["cargo", "run", "-q"], workbook, env)
            watcher.wait_for("exercise: ")
            tool_at = time.monotonic()
            watcher.wait_for("  read  ", timeout=60)
            exercise = watcher.buffer.split("exercise: ", 1)[1].split()[0]
            chapter_name, slug = exercise.split("/")
            chapter = next(name for name in os.listdir(os.path.join(workbook, "exercises"))
                           if os.path.isdir(os.path.join(workbook, "exercises", name, slug)))
            first_at = watcher.wait_for("FAILED")
            first_cpu = cpu_seconds(watcher.pid)
            time.sleep(pause)
            # Whether the background loom build had finished by the fixing save.
            deps = os.path.join(workbook, "target", "threadlings", "loom", "debug", "deps")
            warm = os.path.isdir(deps) and any(
                name.startswith("loom-") and "." not in name for name in os.listdir(deps))
            watcher.drain()
            solve(workbook, chapter, slug)
            saved = time.monotonic()
            passed_at = watcher.wait_for("PASSED")
            watcher.quit()
            after = load()
            rows.append((exercise, tool_at - started, first_at - started, passed_at - saved,
                         first_cpu))
            print(f"first run {run + 1}: {exercise}: watcher up {rows[-1][1]:.1f} s, first "
                  f"verdict {rows[-1][2]:.1f} s (CPU {seconds(first_cpu)}), fixing save -> "
                  f"PASSED {rows[-1][3]:.1f} s, loom built before the save: {warm} ({before}; "
                  f"{after})", file=sys.stderr)
    cpus = [r[4] for r in rows if r[4] is not None]
    print(f"\nFirst run (median of {runs}, pause before the fixing save {pause:.0f} s):\n")
    print("| exercise | `cargo run` → watcher up | (d) `cargo run` → first verdict "
          "| (d) CPU time by then | (e) fixing save → PASSED |")
    print("|---|---|---|---|---|")
    print(f"| {rows[0][0]} | {statistics.median(r[1] for r in rows):.1f} s "
          f"| {statistics.median(r[2] for r in rows):.1f} s "
          f"| {seconds(statistics.median(cpus) if cpus else None)} "
          f"| {statistics.median(r[3] for r in rows):.1f} s |")


def seconds(value):
    return "–" if value is None else f"{value:.2f} s"


def ratio(part, whole):
    return "–" if whole is None else f"{part / whole:.2f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "threadlings"))
    parser.add_argument("--warm", action="store_true", help="the warm figures (a), (b), (c)")
    parser.add_argument("--first-run", action="store_true", help="the first-run figures (d), (e)")
    parser.add_argument("--pause", type=float, default=60.0,
                        help="seconds between the first verdict and the fixing save")
    parser.add_argument("--exercise", action="append", help="measure this exercise (slug)")
    parser.add_argument("--chapter", action="append", help="measure this chapter (e.g. locks)")
    parser.add_argument("--all", action="store_true", help="measure every exercise")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the floors (c) and (f): only the watcher's figures")
    args = parser.parse_args()
    exercises = chosen_exercises(args)
    print(load(), file=sys.stderr)
    if args.first_run:
        first_run(args.runs, args.pause)
        if not args.warm:
            return
    binary = os.path.abspath(args.binary)
    rows, breakdown = [], []
    with tempfile.TemporaryDirectory(prefix="threadlings-bench-") as workbook:
        copy_workbook(workbook, exercises=exercises)
        env = dict(os.environ, NO_COLOR="1", THREADLINGS_STATE_DIR=os.path.join(workbook, ".state"))
        env.pop("THREADLINGS_TARGET_DIR", None)
        edits = 0
        for chapter, slug in exercises:
            lib = os.path.join(workbook, "exercises", chapter, slug, "src", "lib.rs")
            # The floor first, which also warms the std build.
            floor = []
            for _ in range(0 if args.no_floor else args.runs + 1):
                edits += 1
                edit(lib, edits)
                started = time.monotonic()
                subprocess.run(["cargo", "test", "-q", "-p", slug], cwd=workbook, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                floor.append(time.monotonic() - started)
            compiler = None
            if not args.no_floor:
                compiler, edits = compile_floor(workbook, lib, slug, env, args.runs, edits)
            watcher = Watcher([binary, "--root", workbook, "watch", slug], workbook, env)
            watcher.wait_for("PASSED")  # the start-up check warms the model builds
            first, full, parts = [], [], []
            for _ in range(args.runs):
                watcher.drain()
                time.sleep(0.3)
                edits += 1
                edit(lib, edits)
                saved = time.monotonic()
                building_at = watcher.wait_for("building")
                running_at = watcher.wait_for("running unit")
                first_at = watcher.wait_for("✓ unit")
                full_at = watcher.wait_for("PASSED")
                first.append(first_at - saved)
                full.append(full_at - saved)
                # Where (a) goes: noticing the save, the std build, the unit stage.
                parts.append((building_at - saved, running_at - building_at, first_at - running_at))
            watcher.quit()
            floor = statistics.median(floor[1:]) if floor else None  # the first run was cold
            rows.append((f"{chapter.split('_', 1)[-1]}/{slug}", statistics.median(first),
                         statistics.median(full), max(full), floor, compiler))
            breakdown.append((slug, *(statistics.median(p[i] for p in parts) for i in range(3))))
            print(f"{slug}: first {rows[-1][1]:.2f} s, full {rows[-1][2]:.2f} s (max "
                  f"{rows[-1][3]:.2f} s), floor {seconds(floor)}, compile floor "
                  f"{seconds(compiler)} ({load()})", file=sys.stderr)
    print("| exercise | (a) save → first verdict | (b) save → full verdict | (b) slowest "
          "| (c) `cargo test -p` | (f) `cargo build --test unit` | a / c | a / f |")
    print("|---|---|---|---|---|---|---|---|")
    for name, first, full, slowest, floor, compiler in rows:
        print(f"| {name} | {first:.2f} s | {full:.2f} s | {slowest:.2f} s | {seconds(floor)} "
              f"| {seconds(compiler)} | {ratio(first, floor)} | {ratio(first, compiler)} |")
    fulls = [row[2] for row in rows]
    print(f"\nFull verdict over {len(rows)} exercises: median {statistics.median(fulls):.2f} s, "
          f"slowest median {max(fulls):.2f} s, slowest single run {max(r[3] for r in rows):.2f} s.")

    print("\nWhere (a) goes (medians): save noticed → check started, the std build (unit binary), "
          "the unit stage (list + run each test):\n")
    print("| exercise | save → check starts | std build | unit stage |")
    print("|---|---|---|---|")
    for slug, noticed, build, unit in breakdown:
        print(f"| {slug} | {noticed:.2f} s | {build:.2f} s | {unit:.2f} s |")
    print(load(), file=sys.stderr)


if __name__ == "__main__":
    main()
