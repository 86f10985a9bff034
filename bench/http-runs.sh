#!/usr/bin/env bash
# Durable runs/s, HTTP-triggered (DESIGN.md's budget): `paddock serve --demo` on a fresh SQLite
# data dir; wrk starts test runs of a 5-step workflow without a model for DURATION seconds over
# CONNECTIONS connections; then the script waits until every accepted run has finished and
# reports accepted runs / (last finish - first start), read from the database.
# Usage: bench/http-runs.sh BIN [DURATION=10] [CONNECTIONS=16]
set -euo pipefail
bin=$1 duration=${2:-10} connections=${3:-16}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" serve --demo --data-dir "$data_dir" --listen "127.0.0.1:$port" 2>"$data_dir/server.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data_dir"' EXIT
until curl -sf -o /dev/null "$base/readyz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$data_dir/server.log" >&2; exit 1; }
  sleep 0.05
done

jar="$data_dir/cookies"
csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d '{"email":"builder@demo.local","password":"paddock-demo"}' "$base/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
export PADDOCK_BENCH_TOKEN=$(curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"runs benchmark","workspaces":["it-service-desk"]}' "$base/api/v1/api-keys" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

wrk -t2 -c"$connections" -d"${duration}s" -s "$here/http-runs.lua" \
  "$base/api/v1/workspaces/it-service-desk/test-runs"

python3 - "$data_dir/paddock.sqlite3" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
query = "SELECT COUNT(*) FROM runs WHERE workflow_name = 'five-steps' AND status IN ('queued', 'running')"
while db.execute(query).fetchone()[0]:
    time.sleep(0.2)
done, failed, first, last = db.execute(
    "SELECT SUM(status = 'succeeded'), SUM(status != 'succeeded'), MIN(created_at), MAX(finished_at)"
    " FROM runs WHERE workflow_name = 'five-steps'").fetchone()
seconds = (last - first) / 1000
print(f"{done} runs succeeded, {failed} did not, in {seconds:.2f} s: {done / seconds:.0f} runs/s")
PY
