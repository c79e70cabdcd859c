#!/usr/bin/env python3
"""Grading benchmark: 30 synthetic submissions of one exercise, graded by `threadlings grade`,
against one learner's `threadlings check` of each of the same answers.

The class is a mix: solved (the reference solution), partly solved (a wrong-answer fixture
that passes unit and stress but not loom), hanging (a lock never released), forged (prints
libtest's success line) and not compiling. Both sides run warm: a first grade and a first
check build the dependencies before anything is timed.

    cargo build -p threadlings --features instructor && python3 checker/bench/grade_class.py [--exercise spinlock]

Prints a Markdown table for checker/bench/RESULTS.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "debug" / "threadlings"
LEARNER_FILE = Path("src/lib.rs")


def exercise_dir(slug):
    for manifest in (ROOT / "exercises").glob(f"*/{slug}/exercise.toml"):
        return manifest.parent
    sys.exit(f"no exercise {slug}")


def with_edits(source, fixture):
    answer = tomllib.loads(fixture.read_text())
    for edit in answer.get("edit", []):
        if edit["find"] not in source:
            sys.exit(f"{fixture}: an edit no longer applies")
        source = source.replace(edit["find"], edit["replace"], 1)
    return source


def variants(slug):
    """Five kinds of answer, as the learner file's text."""
    chapter = exercise_dir(slug).parent.name
    solution_dir = ROOT / "solutions" / chapter / slug
    solution = (solution_dir / LEARNER_FILE).read_text()
    wrong = sorted((solution_dir / "wrong").glob("*.toml"))
    partly = with_edits(solution, wrong[-1]) if wrong else solution + "\n"
    # Every `store(false, ...)` that releases becomes a no-op: the next `lock` waits for ever.
    hanging = solution.replace("store(false,", "load(", 1).replace(
        "Ordering::Release);", "Ordering::Relaxed);", 1
    )
    # A wrong answer that prints libtest's success line whenever a lock is made.
    forged = partly.replace(
        "-> Self {\n",
        "-> Self {\n        println!(\"test result: ok. 9 passed; 0 failed\");\n",
        1,
    )
    broken = solution + "\npub fn broken() -> u32 {\n    \"not a number\"\n}\n"
    return {
        "solved": solution,
        "partly": partly,
        "hanging": hanging,
        "forged": forged,
        "broken": broken,
    }


# 30 learners: 12 solved, 6 partly, 4 hanging, 4 forged, 4 not compiling.
MIX = ["solved"] * 12 + ["partly"] * 6 + ["hanging"] * 4 + ["forged"] * 4 + ["broken"] * 4


def write_class(slug, into):
    texts = variants(slug)
    chapter = exercise_dir(slug).parent.name
    kinds = []
    for number, kind in enumerate(MIX):
        learner = into / f"learner{number:02}-{kind}"
        target = learner / "exercises" / chapter / slug / LEARNER_FILE
        target.parent.mkdir(parents=True)
        target.write_text(texts[kind])
        kinds.append((learner, kind))
    return kinds


def run(args, env):
    started = time.monotonic()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def workbook_copy(into):
    """A copy of the workbook a learner would check in (no build output, no solutions)."""
    into.mkdir(parents=True)
    for name in ["Cargo.toml", "Cargo.lock", "exercises", "checker", "quiz"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("target"))
        else:
            shutil.copy(source, into / name)
    return into


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exercise", default="spinlock")
    parser.add_argument("--jobs", default="2")
    options = parser.parse_args()
    slug = options.exercise
    work = Path(tempfile.mkdtemp(prefix="threadlings-grade-bench-"))
    try:
        env = dict(os.environ, THREADLINGS_TARGET_DIR=str(work / "target"), NO_COLOR="1")
        class_dir = work / "class"
        kinds = write_class(slug, class_dir)
        out = work / "grades"
        grade = [str(BINARY), "--root", str(ROOT), "grade", "--exercise", slug,
                 "--jobs", options.jobs, "--out", str(out)]
        # Warm-up: one submission, so the dependencies are built before timing.
        first = run(grade + [str(kinds[0][0])], env)
        total = run(grade + [str(class_dir)], env)
        print(f"grade: first (cold) {first:.1f} s, all {len(kinds)} {total:.1f} s", flush=True)
        shutil.copy(out / "gradebook.csv", Path(tempfile.gettempdir()) / "grade-bench.csv")

        copy = workbook_copy(work / "workbook")
        check_env = dict(env, THREADLINGS_TARGET_DIR=str(work / "check-target"),
                         THREADLINGS_STATE_DIR=str(work / "state"))
        learner_file = copy / exercise_dir(slug).relative_to(ROOT) / LEARNER_FILE
        check = [str(BINARY), "--root", str(copy), "check", slug, "--json"]
        learner_file.write_text(variants(slug)["solved"])
        run(check, check_env)  # warm-up
        checks = {}
        for learner, kind in kinds:
            chapter = exercise_dir(slug).parent.name
            source = learner / "exercises" / chapter / slug / LEARNER_FILE
            learner_file.write_text(source.read_text())
            checks.setdefault(kind, []).append(run(check, check_env))
        check_total = sum(sum(times) for times in checks.values())
        n = len(kinds)
        print(f"exercise {slug}, {n} submissions, --jobs {options.jobs}, {os.cpu_count()} cores")
        print(f"first grade (cold dependencies, 1 submission): {first:.1f} s")
        print()
        print("| measure | time |")
        print("|---|---|")
        print(f"| grade, all {n} (warm) | {total:.1f} s |")
        print(f"| grade, per submission | {total / n:.2f} s |")
        print(f"| check, all {n} one after another (warm) | {check_total:.1f} s |")
        print(f"| check, per submission | {check_total / n:.2f} s |")
        print(f"| grade / check per submission | {total / check_total:.2f} |")
        for kind, times in checks.items():
            print(f"| check of one `{kind}` answer (mean of {len(times)}) | "
                  f"{sum(times) / len(times):.2f} s |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
