#!/usr/bin/env bash
# Start-to-ready time and idle memory of the release binary with the demo data on SQLite.
# Usage: bench/startup.sh [BIN]   (make bench builds the release binary and runs this)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$HOME/.cache/paddock/target}/release/paddock}
port=${PADDOCK_BENCH_PORT:-18480}
for tool in hyperfine curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install hyperfine curl time)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$bin" --version

echo "== start to ready: first start (creates the database, migrates, seeds the demo)"
hyperfine --runs 10 --prepare "rm -rf '$work/first'" \
  "'$here/start-to-ready.sh' '$bin' '$work/first' $port"

echo "== start to ready: restart over existing demo data"
"$here/start-to-ready.sh" "$bin" "$work/data" "$port"
hyperfine --warmup 2 --runs 20 "'$here/start-to-ready.sh' '$bin' '$work/data' $port"

echo "== idle memory (demo data, after one sign-in and /api/v1/me)"
/usr/bin/time -v "$bin" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$port" 2>"$work/time.log" &
until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.01; done
server=$(pgrep -f -n "$bin serve --demo --data-dir $work/data")
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"email":"admin@demo.local","password":"paddock-demo"}' "http://127.0.0.1:$port/api/v1/auth/login" >/dev/null
curl -sf -b "$work/cookies" "http://127.0.0.1:$port/api/v1/me" >/dev/null
sleep 5
echo "idle RSS after 5 s: $(awk '/VmRSS/ {print $2, $3}' "/proc/$server/status")"
kill -TERM "$server"
wait
grep -E "Maximum resident set size" "$work/time.log"
