#!/usr/bin/env bash
# Times the README's two commands on a fresh clone of this repository: the first
# screen of `cargo run --release -- --demo` (in tmux, 120x40), then
# `cargo test --release --workspace --locked`; then, for comparison, the test
# command the README had before (the dev profile: a second build).
# Usage: benches/fresh_clone.sh [CLONE_DIR]   (the crates are assumed downloaded)
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
clone=${1:-/tmp/clone}
rm -rf "$clone" "$clone-dev-target"
git clone -q "$repo" "$clone"
cd "$clone"
tmux kill-session -t m 2>/dev/null
start=$(date +%s.%N)
tmux new -d -s m -x 120 -y 40 "cd $clone && cargo run --release -- --demo; sleep 600"
while ! tmux capture-pane -p -t m | grep -q "┌ Bands"; do sleep 0.5; done
end=$(date +%s.%N)
echo "demo first screen: $(echo "$end - $start" | bc) s"
tmux capture-pane -p -t m > "$clone/first-screen.txt"
tmux send-keys -t m q
sleep 1
tmux kill-session -t m
start=$(date +%s.%N)
cargo test --release --workspace --locked > "$clone/test-release.log" 2>&1
rc=$?
end=$(date +%s.%N)
echo "test (release, after demo): $(echo "$end - $start" | bc) s, exit $rc"
grep -E "^test result" "$clone/test-release.log" | awk '{p+=$4; f+=$6; i+=$8} END {print "passed", p, "failed", f, "ignored", i}'
# The old README: a second, dev build for the tests.
start=$(date +%s.%N)
CARGO_TARGET_DIR="$clone-dev-target" cargo test --workspace --locked > "$clone/test-dev.log" 2>&1
rc=$?
end=$(date +%s.%N)
echo "test (dev profile, as before, separate build): $(echo "$end - $start" | bc) s, exit $rc"
