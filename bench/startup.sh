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
median() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("median %.1f ms (min %.1f, max %.1f, %d runs)" % (r["median"] * 1e3, r["min"] * 1e3, r["max"] * 1e3, len(r["times"])))
PY
}
trap 'rm -rf "$work"' EXIT

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$bin" --version

echo "== start to ready: first start (creates the database, migrates, seeds the demo)"
hyperfine --runs 10 --prepare "rm -rf '$work/first'" --export-json "$work/first.json" \
  "'$here/start-to-ready.sh' '$bin' '$work/first' $port"
median "$work/first.json"

echo "== start to ready: restart over existing demo data"
"$here/start-to-ready.sh" "$bin" "$work/data" "$port"
hyperfine --warmup 2 --runs 20 --export-json "$work/restart.json" \
  "'$here/start-to-ready.sh' '$bin' '$work/data' $port"
median "$work/restart.json"

echo "== idle memory (demo data, after one sign-in and /api/v1/me)"
/usr/bin/time -v "$bin" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$port" 2>"$work/time.log" &
until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.01; done
timer=$!
server=$(pgrep -P "$timer")
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"email":"admin@demo.local","password":"paddock-demo"}' "http://127.0.0.1:$port/api/v1/auth/login" >/dev/null
curl -sf -b "$work/cookies" "http://127.0.0.1:$port/api/v1/me" >/dev/null
sleep 5
echo "idle RSS after 5 s: $(awk '/VmRSS/ {print $2, $3}' "/proc/$server/status") ($(cat "/proc/$server/comm"))"
kill -TERM "$server"
wait
grep -E "Maximum resident set size" "$work/time.log"
