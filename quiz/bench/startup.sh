#!/usr/bin/env bash
# Measures how long the quiz takes from exec to its first output being complete: load and
# validate the whole bank, read the history, pick a session. With `--answers /dev/null --json`
# it then grades nothing and exits, so the time is start-up plus a trivial session.
#
#   quiz/bench/startup.sh [BINARY...]
#
# BINARY defaults to the release build of the quiz example; pass e.g.
# "target/debug/threadlings quiz" to time the workbook's own command. Uses hyperfine when it is
# installed, otherwise a loop timed with `date +%s%N`.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-30}
if [ "$#" -eq 0 ]; then
    cargo build --quiet --release -p threadlings-quiz --example quiz
    target=${CARGO_TARGET_DIR:-target}
    set -- "$target/release/examples/quiz"
fi
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
export QUIZ_HISTORY="$state/quiz.json" THREADLINGS_STATE_DIR="$state"
command="$* --seed 1 --count 10 --answers /dev/null --json"

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 3 --runs "$runs" --shell=none "$command"
    exit 0
fi
$command >/dev/null 2>&1 # warm the page cache
total=0
worst=0
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    $command >/dev/null 2>&1
    elapsed=$(( $(date +%s%N) - start ))
    total=$(( total + elapsed ))
    [ "$elapsed" -gt "$worst" ] && worst=$elapsed
done
printf 'startup over %d runs: mean %d.%02d ms, worst %d.%02d ms\n' "$runs" \
    $(( total / runs / 1000000 )) $(( total / runs / 10000 % 100 )) \
    $(( worst / 1000000 )) $(( worst / 10000 % 100 ))
